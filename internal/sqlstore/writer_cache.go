package sqlstore

import (
	"fmt"
	"time"
)

// The writer's page cache is small while the database file is under 1 GiB, and 64 MiB (as the
// readers') once it is past it (docs/decisions/0058).
//
// When an insert splits a b-tree page, SQLite may swap two new pages' numbers through a spare
// number, that of its lock page at 1 GiB, and a page cache remembers the highest number it has
// seen. At the commit of such a transaction, while the file ends below that page, SQLite walks
// every page of the writer's cache to drop those past the file's end: about 0.2 ms for a full
// 64 MiB cache, at about every order. Past 1 GiB there is no walk and a large cache saves reads;
// below it the pages the writer misses are in the system's file cache.

const (
	smallCacheKiB  = 16 << 10
	largeCacheKiB  = 64 << 10
	lockPageOffset = 1 << 30 // SQLite's pending byte, whose page is the spare number
)

// Past largeCacheAbove bytes the writer's cache is large; the batcher checks at most every
// writerCacheEvery, before a batch.
var (
	largeCacheAbove  int64 = lockPageOffset
	writerCacheEvery       = time.Second
)

// writerCache is the state of the writer's page cache size, kept by the batcher.
type writerCache struct {
	checked time.Time
}

// sizeWriterCache sets the writer's page cache to the size the file's size calls for, at most
// every writerCacheEvery: before a batch, when the writer's connection is the batcher's anyway.
// A failed check is tried again writerCacheEvery later.
func (db *DB) sizeWriterCache() {
	if db.batch == nil || time.Since(db.batch.cache.checked) < writerCacheEvery {
		return
	}
	db.batch.cache.checked = time.Now()
	var size, kib int64
	err := db.writer.QueryRow(`SELECT p.page_count * s.page_size, -c.cache_size
		FROM pragma_page_count() p, pragma_page_size() s, pragma_cache_size() c`).Scan(&size, &kib)
	if err != nil {
		return
	}
	want := int64(smallCacheKiB)
	if size > largeCacheAbove {
		want = largeCacheKiB
	}
	if kib != want {
		_, _ = db.writer.Exec(fmt.Sprintf("PRAGMA cache_size = -%d", want))
	}
}
