package xds

// stream stands in for the gRPC ADS stream to one Envoy proxy: Send blocks
// until the proxy reads the message.
type stream struct {
	toProxy chan string
}

func (s *stream) Send(res string) string {
	s.toProxy <- res
	return ""
}

type connection struct {
	stream *stream
}

// sendBuggy pushes res to the proxy but gives up when timeout is closed. The
// goroutine reports the Send result on an unbuffered channel.
func (c *connection) sendBuggy(res string, timeout chan struct{}) string {
	done := make(chan string)
	go func() {
		err := c.stream.Send(res)
		done <- err
	}()
	select {
	case <-timeout:
		return "timeout sending"
	case err := <-done:
		return err
	}
}

// sendFixed buffers the report so a Send that completes after the timeout
// can still hand over its result and exit.
func (c *connection) sendFixed(res string, timeout chan struct{}) string {
	done := make(chan string, 1)
	go func() {
		err := c.stream.Send(res)
		done <- err
	}()
	select {
	case <-timeout:
		return "timeout sending"
	case err := <-done:
		return err
	}
}
