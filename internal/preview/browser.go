package preview

import (
	"os/exec"
	"runtime"
)

// browserCommand returns the command that opens url in the default browser
// of the system goos.
func browserCommand(goos, url string) []string {
	switch goos {
	case "darwin":
		return []string{"open", url}
	case "windows":
		return []string{"rundll32", "url.dll,FileProtocolHandler", url}
	}
	return []string{"xdg-open", url}
}

// openBrowser opens url in the default browser, without waiting for it.
func openBrowser(url string) error {
	args := browserCommand(runtime.GOOS, url)
	cmd := exec.Command(args[0], args[1:]...)
	if err := cmd.Start(); err != nil {
		return err
	}
	// Reap the opener when it exits; it reports its own failures.
	go cmd.Wait()
	return nil
}
