package sqlstore

import (
	"encoding/binary"
	"fmt"
	"sync"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// SQLite writes each frame of its write-ahead log with two calls, the frame's header and then
// its page, so a commit of 40 pages makes 80 write calls; on a virtual machine each costs
// microseconds, and together they were a quarter of the writer's time (docs/decisions/0064).
// The writer connection therefore opens its files through walWritesVFS, which is the operating
// system's VFS but for the log: there, frames appended one after the other are gathered and
// handed to the operating system together, as soon as the commit's last frame is complete, so
// that no transaction is published (its frames made visible to readers in the log's index)
// before all of its frames are in the file. A write over what the log already holds (SQLite
// rewrites a frame a transaction changed again, and its checksums) is not gathered. Any other
// use of the file (a read, a sync, its size, a truncation, closing it), and the end of the
// writer's hold on the log, write what is gathered first.

// walWritesVFS is the name the writer's URL gives as its vfs.
const walWritesVFS = "procura-wal"

const (
	walFrameHeader = 24 // the bytes of a frame's header, written by a call of their own
	// walGatherMax is what a log file gathers at most before it writes: the operating system's
	// VFS cannot write 2^17 bytes or more in one call (it masks the length with 0x1ffff).
	walGatherMax = 1<<17 - 1
	walWriteLock = 0 // the slot of the log's write lock among the shared-memory locks
)

var (
	registerOnce sync.Once
	registerErr  error
	// osVFS is the operating system's VFS, which walWritesVFS wraps; osWALMethods and osDBMethods
	// are the methods of the log and database files it opens, and walMethods and dbMethods
	// copies of them with ours in place.
	osVFS        uintptr
	osWALMethods sqlite3.Tsqlite3_io_methods
	osDBMethods  sqlite3.Tsqlite3_io_methods
	walMethods   sqlite3.Tsqlite3_io_methods
	dbMethods    sqlite3.Tsqlite3_io_methods
	vfs          sqlite3.Tsqlite3_vfs
	// where the operating system's VFS keeps the methods copied: a file it gives others (a
	// locking style of its own) keeps them
	osWALMethodsAt, osDBMethodsAt uintptr

	gathering sync.Mutex
	logs      = map[uintptr]*gathered{} // by the open log file's address
	logOf     = map[uintptr]uintptr{}   // the open log file of a database file, by its address
)

// gathered is what a log file has been given to write and has not written yet: n bytes at off,
// in buf (memory of modernc's C allocator, which the write call reads).
type gathered struct {
	db     uintptr // the database file the log belongs to
	off    int64
	buf    uintptr
	n      int
	end    int64 // where the frames appended since the log began end
	commit bool  // the last frame header gathered is a commit's: write once its page is there
	failed int32 // a write of what was gathered failed: every write fails until the writer lets go
}

// registerWALWrites registers walWritesVFS, once.
func registerWALWrites() error {
	registerOnce.Do(func() {
		tls := libc.NewTLS()
		defer tls.Close()
		osVFS = sqlite3.Xsqlite3_vfs_find(tls, 0)
		if osVFS == 0 {
			registerErr = fmt.Errorf("sqlite: no default VFS")
			return
		}
		vfs = *(*sqlite3.Tsqlite3_vfs)(pointer(osVFS))
		vfs.FpNext = 0
		name, err := libc.CString(walWritesVFS)
		if err != nil {
			registerErr = err
			return
		}
		vfs.FzName = name
		setFunc(&vfs.FxOpen, walOpen)
		if rc := sqlite3.Xsqlite3_vfs_register(tls, uintptr(unsafe.Pointer(&vfs)), 0); rc != sqlite3.SQLITE_OK {
			registerErr = fmt.Errorf("sqlite: registering the %s VFS: code %d", walWritesVFS, rc)
		}
	})
	return registerErr
}

// walOpen opens a file as the operating system's VFS does; a database file gets the method that
// writes its log's gathered bytes when the writer lets go of the log, and a log file the
// gathering methods.
func walOpen(tls *libc.TLS, _ uintptr, zName uintptr, pFile uintptr, flags int32, pOutFlags uintptr) int32 {
	open := *(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&(*sqlite3.Tsqlite3_vfs)(pointer(osVFS)).FxOpen))
	rc := open(tls, osVFS, zName, pFile, flags, pOutFlags)
	file := (*sqlite3.Tsqlite3_file)(pointer(pFile))
	if rc != sqlite3.SQLITE_OK || file.FpMethods == 0 {
		return rc
	}
	switch {
	case flags&sqlite3.SQLITE_OPEN_MAIN_DB != 0:
		gathering.Lock()
		defer gathering.Unlock()
		if captured(file, &osDBMethodsAt, &osDBMethods, &dbMethods, func(m *sqlite3.Tsqlite3_io_methods) {
			setFunc(&m.FxShmLock, dbShmLock)
		}) {
			file.FpMethods = uintptr(unsafe.Pointer(&dbMethods))
		}
	case flags&sqlite3.SQLITE_OPEN_WAL != 0:
		db := sqlite3.Xsqlite3_database_file_object(tls, zName)
		gathering.Lock()
		defer gathering.Unlock()
		// Without powersafe overwrite SQLite pads a commit to a sector's end and splits the
		// frame that crosses it: the log is then left as the operating system's VFS writes it.
		if db == 0 || !powersafe(tls, db) || !captured(file, &osWALMethodsAt, &osWALMethods, &walMethods, gatheringMethods) {
			return rc
		}
		buf := libc.Xmalloc(tls, walGatherMax)
		if buf == 0 {
			closeFile(tls, pFile, file.FpMethods)
			file.FpMethods = 0 // SQLite closes a file whose open failed if it has methods
			return sqlite3.SQLITE_NOMEM
		}
		logs[pFile] = &gathered{db: db, buf: buf}
		logOf[db] = pFile
		file.FpMethods = uintptr(unsafe.Pointer(&walMethods))
	}
	return rc
}

// captured keeps, the first time, the methods the operating system's VFS gave file (os, and
// where they are), and ours as a copy of them that set changes; it reports whether file has
// those methods (a file of another locking style keeps its own).
func captured(file *sqlite3.Tsqlite3_file, at *uintptr, os, ours *sqlite3.Tsqlite3_io_methods, set func(*sqlite3.Tsqlite3_io_methods)) bool {
	if *at == 0 {
		*at = file.FpMethods
		*os = *(*sqlite3.Tsqlite3_io_methods)(pointer(file.FpMethods))
		*ours = *os
		set(ours)
	}
	return file.FpMethods == *at
}

// gatheringMethods puts the log's methods in m.
func gatheringMethods(m *sqlite3.Tsqlite3_io_methods) {
	setFunc(&m.FxClose, walClose)
	setFunc(&m.FxRead, walRead)
	setFunc(&m.FxWrite, walWrite)
	setFunc(&m.FxTruncate, walTruncate)
	setFunc(&m.FxSync, walSync)
	setFunc(&m.FxFileSize, walFileSize)
	setFunc(&m.FxFileControl, walFileControl)
}

// powersafe reports whether the database file's device has powersafe overwrite, as SQLite asks
// before it decides to pad its commits.
func powersafe(tls *libc.TLS, db uintptr) bool {
	methods := (*sqlite3.Tsqlite3_io_methods)(pointer((*sqlite3.Tsqlite3_file)(pointer(db)).FpMethods))
	characteristics := (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&methods.FxDeviceCharacteristics)))(tls, db)
	return characteristics&sqlite3.SQLITE_IOCAP_POWERSAFE_OVERWRITE != 0
}

// walWrite gathers a frame appended after the gathered ones. A new log's header (at offset 0)
// starts the log over; a write over the log's frames, or one that does not follow, writes what
// is gathered first.
func walWrite(tls *libc.TLS, pFile uintptr, zBuf uintptr, iAmt int32, iOfst int64) int32 {
	g := gatheredOf(pFile)
	if g.failed != sqlite3.SQLITE_OK {
		// Frames SQLite counts as written are not in the file: the transaction must not commit.
		return g.failed
	}
	n := int(iAmt)
	appended := iOfst >= g.end
	follows := iOfst == g.off+int64(g.n) && appended
	if g.n > 0 && (!follows || g.n+n > walGatherMax) {
		commit := follows && g.commit // a commit's header is gathered, and this is its page
		if rc := g.write(tls, pFile); rc != sqlite3.SQLITE_OK {
			return rc
		}
		g.commit = commit
	}
	if iOfst == 0 {
		g.end, appended = 0, true
	}
	if !appended || n > walGatherMax {
		if appended {
			g.end = iOfst + int64(n)
		}
		return osWrite(tls, pFile, zBuf, iAmt, iOfst)
	}
	if g.n == 0 {
		g.off = iOfst
	}
	src := unsafe.Slice((*byte)(pointer(zBuf)), n)
	copy(unsafe.Slice((*byte)(pointer(g.buf+uintptr(g.n))), n), src)
	g.n += n
	g.end = iOfst + int64(n)
	if n == walFrameHeader {
		// A frame's header: bytes 4–8 hold the database's size in pages after a commit, and
		// zero in the other frames of a transaction.
		g.commit = binary.BigEndian.Uint32(src[4:8]) != 0
		return sqlite3.SQLITE_OK
	}
	if g.commit {
		return g.write(tls, pFile)
	}
	return sqlite3.SQLITE_OK
}

// write hands what g gathered to the operating system. When that fails, the frames are lost:
// the failure is returned, and kept for the transaction's later writes.
func (g *gathered) write(tls *libc.TLS, pFile uintptr) int32 {
	g.commit = false
	if g.n == 0 {
		return sqlite3.SQLITE_OK
	}
	rc := osWrite(tls, pFile, g.buf, int32(g.n), g.off)
	g.n = 0
	if rc != sqlite3.SQLITE_OK {
		g.failed = rc
	}
	return rc
}

func osWrite(tls *libc.TLS, pFile, buf uintptr, n int32, off int64) int32 {
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&osWALMethods.FxWrite)))(tls, pFile, buf, n, off)
}

// flushed writes what pFile gathered, then does what the operating system's VFS does.
func flushed(tls *libc.TLS, pFile uintptr) int32 {
	return gatheredOf(pFile).write(tls, pFile)
}

func walRead(tls *libc.TLS, pFile uintptr, zBuf uintptr, iAmt int32, iOfst int64) int32 {
	if rc := flushed(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&osWALMethods.FxRead)))(tls, pFile, zBuf, iAmt, iOfst)
}

func walTruncate(tls *libc.TLS, pFile uintptr, size int64) int32 {
	g := gatheredOf(pFile)
	if rc := g.write(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	g.end = min(g.end, size)
	return (*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&osWALMethods.FxTruncate)))(tls, pFile, size)
}

func walSync(tls *libc.TLS, pFile uintptr, flags int32) int32 {
	if rc := flushed(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&osWALMethods.FxSync)))(tls, pFile, flags)
}

func walFileSize(tls *libc.TLS, pFile uintptr, pSize uintptr) int32 {
	if rc := flushed(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&osWALMethods.FxFileSize)))(tls, pFile, pSize)
}

func walFileControl(tls *libc.TLS, pFile uintptr, op int32, pArg uintptr) int32 {
	if rc := flushed(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(&osWALMethods.FxFileControl)))(tls, pFile, op, pArg)
}

// dbShmLock takes or releases the database's shared-memory locks. Before the writer releases
// the log's write lock, the log writes what it gathered: only the frames of a transaction that
// did not commit can be left (a commit's are written with its last frame), and they must not
// land later over frames another connection appends once the lock is released.
func dbShmLock(tls *libc.TLS, pFile uintptr, offset, n, flags int32) int32 {
	if flags == sqlite3.SQLITE_SHM_UNLOCK|sqlite3.SQLITE_SHM_EXCLUSIVE && offset == walWriteLock {
		gathering.Lock()
		log, ok := logOf[pFile]
		gathering.Unlock()
		if ok {
			g := gatheredOf(log)
			g.write(tls, log) // a failure leaves nothing SQLite needs: those frames are past the log's end
			g.failed = sqlite3.SQLITE_OK
		}
	}
	return (*(*func(*libc.TLS, uintptr, int32, int32, int32) int32)(unsafe.Pointer(&osDBMethods.FxShmLock)))(tls, pFile, offset, n, flags)
}

// walClose writes what is gathered, closes the file and frees its buffer. SQLite does not look
// at what closing a file returns.
func walClose(tls *libc.TLS, pFile uintptr) int32 {
	rc := flushed(tls, pFile)
	gathering.Lock()
	g := logs[pFile]
	delete(logs, pFile)
	if logOf[g.db] == pFile {
		delete(logOf, g.db)
	}
	gathering.Unlock()
	libc.Xfree(tls, g.buf)
	if crc := closeFile(tls, pFile, uintptr(unsafe.Pointer(&osWALMethods))); rc == sqlite3.SQLITE_OK {
		rc = crc
	}
	return rc
}

func closeFile(tls *libc.TLS, pFile, methods uintptr) int32 {
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&(*sqlite3.Tsqlite3_io_methods)(pointer(methods)).FxClose)))(tls, pFile)
}

func gatheredOf(pFile uintptr) *gathered {
	gathering.Lock()
	defer gathering.Unlock()
	return logs[pFile]
}

// setFunc puts a Go function where SQLite keeps a function's address, as modernc.org/sqlite's
// own VFS does.
func setFunc[F any](field *uintptr, f F) {
	*(*F)(unsafe.Pointer(field)) = f
}

// pointer turns an address SQLite handed over into a pointer. SQLite's memory is not Go's: the
// collector neither moves nor frees it.
func pointer(p uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&p))
}
