package deliver

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// conns keeps one connection per server, opened at first use and again once it has closed.
type conns[C any] struct {
	mu     sync.Mutex
	open   map[string]C
	dial   func(addr string) (C, error)
	closed func(C) bool
}

func (c *conns[C]) get(addr string) (C, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if conn, ok := c.open[addr]; ok && !c.closed(conn) {
		return conn, nil
	}
	conn, err := c.dial(addr)
	if err == nil {
		c.open[addr] = conn
	}
	return conn, err
}

// NATS publishes notifications to JetStream subjects, with the notification's id as the
// message id, so that JetStream drops the duplicates of a redelivery within its window.
type NATS struct {
	timeout time.Duration
	conns   conns[*nats.Conn]
}

// NewNATS returns a NATS sender whose publications time out after timeout.
func NewNATS(timeout time.Duration) *NATS {
	return &NATS{timeout: timeout, conns: conns[*nats.Conn]{open: map[string]*nats.Conn{},
		dial: func(url string) (*nats.Conn, error) {
			return nats.Connect(url, nats.Timeout(timeout), nats.Name("procura"))
		},
		closed: func(c *nats.Conn) bool { return c.IsClosed() }}}
}

// Send publishes the notification and waits for JetStream's acknowledgement. A subject no
// stream takes is a configuration error.
func (s *NATS) Send(ctx context.Context, d procura.Destination, n app.Notification) error {
	nc, err := s.conns.get(d.URL)
	if err != nil {
		return err
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	msg := &nats.Msg{Subject: d.Subject, Data: n.Payload, Header: nats.Header{}}
	msg.Header.Set("Content-Type", contentType(n))
	_, err = js.PublishMsg(ctx, msg, jetstream.WithMsgID(n.ID))
	if errors.Is(err, jetstream.ErrNoStreamResponse) || errors.Is(err, nats.ErrNoResponders) {
		return configError{fmt.Errorf("no JetStream stream takes the subject %q", d.Subject)}
	}
	return err
}

// RabbitMQ publishes notifications, persistent, to an exchange with a routing key, and waits
// for the broker's confirmation.
type RabbitMQ struct {
	timeout time.Duration
	conns   conns[*amqp.Connection]
}

// NewRabbitMQ returns a RabbitMQ sender whose publications time out after timeout.
func NewRabbitMQ(timeout time.Duration) *RabbitMQ {
	return &RabbitMQ{timeout: timeout, conns: conns[*amqp.Connection]{open: map[string]*amqp.Connection{},
		dial: func(uri string) (*amqp.Connection, error) {
			return amqp.DialConfig(uri, amqp.Config{Dial: amqp.DefaultDial(timeout), Properties: amqp.Table{"connection_name": "procura"}})
		},
		closed: func(c *amqp.Connection) bool { return c.IsClosed() }}}
}

// Send publishes the notification on a channel of its own. An exchange that does not exist is
// a configuration error, and so is a message no queue takes (published as mandatory).
func (r *RabbitMQ) Send(ctx context.Context, d procura.Destination, n app.Notification) error {
	conn, err := r.conns.get(d.URI)
	if err != nil {
		var amqpErr *amqp.Error
		if errors.As(err, &amqpErr) && amqpErr.Code == amqp.AccessRefused {
			return configError{err}
		}
		return err
	}
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	defer ch.Close()
	if err := ch.Confirm(false); err != nil {
		return err
	}
	returned := ch.NotifyReturn(make(chan amqp.Return, 1))
	closed := ch.NotifyClose(make(chan *amqp.Error, 1))
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	confirm, err := ch.PublishWithDeferredConfirmWithContext(ctx, d.Exchange, d.RoutingKey, true, false, amqp.Publishing{
		ContentType: contentType(n), DeliveryMode: amqp.Persistent, MessageId: n.ID, Timestamp: n.At, Body: n.Payload})
	if err != nil {
		return err
	}
	acked, err := confirm.WaitContext(ctx)
	select {
	case ret := <-returned:
		return configError{fmt.Errorf("no queue takes routing key %q on exchange %q: %s", ret.RoutingKey, ret.Exchange, ret.ReplyText)}
	case e := <-closed:
		if e != nil && e.Code == amqp.NotFound {
			return configError{e}
		}
		if e != nil {
			return e
		}
	default:
	}
	if err != nil {
		return err
	}
	if !acked {
		return errors.New("the broker did not take the message")
	}
	return nil
}
