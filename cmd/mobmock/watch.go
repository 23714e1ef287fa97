package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/mobmock/mobmock/mock"
	"github.com/mobmock/mobmock/mock/world"
)

// readSeed reads and builds the world of a seed file.
func readSeed(file string) (*world.World, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &ioError{fmt.Errorf("cannot read the seed file %s: %w", file, unwrapPath(err))}
	}
	w, err := world.Parse(data)
	if err != nil {
		return nil, &ioError{fmt.Errorf("the seed file %s is not usable: %w", file, err)}
	}
	return w, nil
}

// reloadSettle is how long the seed file must stay unchanged before it is
// read: editors write a file in several steps.
const reloadSettle = 150 * time.Millisecond

// watchSeed reloads the world of m from file whenever the file changes,
// reporting each reload, or why a changed file was not used, on log. It
// watches the file's folder, so that editors that replace the file (write a
// new one, rename it over the old) are seen too. It returns the function
// that stops watching.
func watchSeed(file string, m *mock.Server, log io.Writer) (func(), error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, &ioError{fmt.Errorf("cannot watch the seed file %s: %w", file, err)}
	}
	abs, err := filepath.Abs(file)
	if err == nil {
		err = w.Add(filepath.Dir(abs))
	}
	if err != nil {
		w.Close()
		return nil, &ioError{fmt.Errorf("cannot watch the folder of the seed file %s: %w", file, unwrapPath(err))}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var settle <-chan time.Time
		for {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if filepath.Clean(ev.Name) == abs && ev.Op&(fsnotify.Write|fsnotify.Create|fsnotify.Rename) != 0 {
					settle = time.After(reloadSettle)
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				fmt.Fprintf(log, "mobmock: watching the seed file %s: %v\n", file, err)
			case <-settle:
				settle = nil
				reload(file, m, log)
			}
		}
	}()
	return func() { w.Close(); <-done }, nil
}

// reload replaces the world of m with the seed file's, or reports why it
// keeps the one it has.
func reload(file string, m *mock.Server, log io.Writer) {
	nw, err := readSeed(file)
	if err == nil {
		err = m.SetWorld(nw)
	}
	if err != nil {
		fmt.Fprintf(log, "mobmock: %v; keeping the world loaded before\n", err)
		return
	}
	fmt.Fprintf(log, "mobmock: reloaded the seed file %s: new and reset tenants start from it\n", file)
}
