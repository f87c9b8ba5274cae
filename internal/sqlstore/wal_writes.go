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
// system's VFS but for the log: there, writes that follow one another are gathered and handed to
// the operating system in one call, as soon as the commit's last frame is complete, so that no
// transaction is published (its frames made visible to readers in the log's index) before all
// of its frames are in the file. Any other use of the file (a read, a sync, its size, a
// truncation, closing it) writes what is gathered first.

// walWritesVFS is the name the writer's URL gives as its vfs.
const walWritesVFS = "procura-wal"

const (
	walFrameHeader = 24 // the bytes of a frame's header, written by a call of their own
	// walGatherMax is what a log file gathers at most before it writes: the operating system's
	// VFS writes at most 2^17-1 bytes in one call (it masks the length with 0x1ffff).
	walGatherMax = 1<<17 - 1
)

var (
	registerOnce sync.Once
	registerErr  error
	// osVFS is the operating system's VFS, which walWritesVFS wraps, and osWALMethods the methods
	// of the log files it opens; walMethods is a copy of them with the gathering ones in place.
	osVFS        uintptr
	osWALMethods sqlite3.Tsqlite3_io_methods
	walMethods   sqlite3.Tsqlite3_io_methods
	vfs          sqlite3.Tsqlite3_vfs

	gathering sync.Mutex
	logs      = map[uintptr]*gathered{} // by the open file's address
)

// gathered is what a log file has been given to write and has not written yet: n bytes at off,
// in buf (memory of SQLite's allocator, which the write call reads).
type gathered struct {
	off    int64
	buf    uintptr
	n      int
	commit bool // the last frame header gathered is a commit's: write once its page is there
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

// walOpen opens a file as the operating system's VFS does, and gives a log file the gathering
// methods.
func walOpen(tls *libc.TLS, _ uintptr, zName uintptr, pFile uintptr, flags int32, pOutFlags uintptr) int32 {
	open := *(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&(*sqlite3.Tsqlite3_vfs)(pointer(osVFS)).FxOpen))
	rc := open(tls, osVFS, zName, pFile, flags, pOutFlags)
	if rc != sqlite3.SQLITE_OK || flags&sqlite3.SQLITE_OPEN_WAL == 0 {
		return rc
	}
	file := (*sqlite3.Tsqlite3_file)(pointer(pFile))
	if file.FpMethods == 0 {
		return rc
	}
	buf := libc.Xmalloc(tls, walGatherMax)
	if buf == 0 {
		closeFile(tls, pFile, file.FpMethods)
		file.FpMethods = 0 // SQLite closes a file whose open failed if it has methods
		return sqlite3.SQLITE_NOMEM
	}
	gathering.Lock()
	if walMethods.FxWrite == 0 {
		osWALMethods = *(*sqlite3.Tsqlite3_io_methods)(pointer(file.FpMethods))
		walMethods = osWALMethods
		setFunc(&walMethods.FxClose, walClose)
		setFunc(&walMethods.FxRead, walRead)
		setFunc(&walMethods.FxWrite, walWrite)
		setFunc(&walMethods.FxTruncate, walTruncate)
		setFunc(&walMethods.FxSync, walSync)
		setFunc(&walMethods.FxFileSize, walFileSize)
		setFunc(&walMethods.FxFileControl, walFileControl)
	}
	logs[pFile] = &gathered{buf: buf}
	gathering.Unlock()
	file.FpMethods = uintptr(unsafe.Pointer(&walMethods))
	return rc
}

// walWrite gathers a write that follows the gathered ones; others write what is gathered first.
func walWrite(tls *libc.TLS, pFile uintptr, zBuf uintptr, iAmt int32, iOfst int64) int32 {
	g := gatheredOf(pFile)
	n := int(iAmt)
	if g.n > 0 && (iOfst != g.off+int64(g.n) || g.n+n > walGatherMax) {
		if rc := g.write(tls, pFile); rc != sqlite3.SQLITE_OK {
			return rc
		}
	}
	if n > walGatherMax {
		return osWrite(tls, pFile, zBuf, iAmt, iOfst)
	}
	if g.n == 0 {
		g.off = iOfst
	}
	src := unsafe.Slice((*byte)(pointer(zBuf)), n)
	copy(unsafe.Slice((*byte)(pointer(g.buf+uintptr(g.n))), n), src)
	g.n += n
	if n == walFrameHeader && iOfst >= 32 {
		// A frame's header: bytes 4–8 hold the database's size in pages after a commit, and
		// zero in the other frames of a transaction.
		g.commit = binary.BigEndian.Uint32(src[4:8]) != 0
		return sqlite3.SQLITE_OK
	}
	if g.commit {
		g.commit = false
		return g.write(tls, pFile)
	}
	return sqlite3.SQLITE_OK
}

// write hands what g gathered to the operating system.
func (g *gathered) write(tls *libc.TLS, pFile uintptr) int32 {
	if g.n == 0 {
		return sqlite3.SQLITE_OK
	}
	rc := osWrite(tls, pFile, g.buf, int32(g.n), g.off)
	g.n = 0
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
	if rc := flushed(tls, pFile); rc != sqlite3.SQLITE_OK {
		return rc
	}
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

// walClose writes what is gathered, closes the file and frees its buffer. A failed write is
// reported after the file is closed: SQLite does not use a file again once it closed it.
func walClose(tls *libc.TLS, pFile uintptr) int32 {
	rc := flushed(tls, pFile)
	gathering.Lock()
	g := logs[pFile]
	delete(logs, pFile)
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
