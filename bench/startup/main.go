// Command startup measures how long mobmock serve takes from exec to its
// first 200 answer to a confirmation: it starts the binary given on a free
// port and sends the request every millisecond until one succeeds.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"time"
)

func main() {
	bin := flag.String("bin", "./mobmock", "the mobmock binary")
	body := flag.String("body", "", "the confirmation request body (a file)")
	runs := flag.Int("runs", 5, "how many starts to measure")
	flag.Parse()
	data, err := os.ReadFile(*body)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var best, total time.Duration
	for i := range *runs {
		d, err := once(*bin, data)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		total += d
		if i == 0 || d < best {
			best = d
		}
	}
	fmt.Printf("startup to first 200: best %.1f ms, mean %.1f ms over %d runs\n",
		float64(best.Microseconds())/1000, float64(total.Microseconds())/1000/float64(*runs), *runs)
}

func once(bin string, body []byte) (time.Duration, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	addr := ln.Addr().String()
	ln.Close()
	client := &http.Client{Timeout: time.Second}
	start := time.Now()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--log", "off")
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	for time.Since(start) < 10*time.Second {
		req, _ := http.NewRequest("POST", "http://"+addr+"/mobproc/v1/orders?confirm=true", bytes.NewReader(body))
		req.Header["X-TNGO-TENANT"] = []string{"bench"}
		req.Header["client_id"] = []string{"bench"}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return time.Since(start), nil
			}
			return 0, fmt.Errorf("first answer %d", resp.StatusCode)
		}
		time.Sleep(time.Millisecond)
	}
	return 0, fmt.Errorf("no answer within 10 s")
}
