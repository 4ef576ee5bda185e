package console

import (
	"crypto/subtle"
	"net"
	"net/http"
	"net/url"
	"strings"
)

const cookieName = "lakehunt_console"

// allowedHosts are the Host header values that name this server: its
// address, and loopback names on its port. A page of another site that
// rebinds its name to 127.0.0.1 sends its own name and is refused.
func allowedHosts(addr net.Addr) map[string]bool {
	hosts := map[string]bool{}
	if addr == nil {
		return hosts
	}
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return hosts
	}
	for _, h := range []string{host, "localhost", "127.0.0.1", "::1"} {
		hosts[net.JoinHostPort(h, port)] = true
	}
	return hosts
}

// guard refuses a foreign Host, then asks for the token: in the URL
// (?token=, which sets the cookie and redirects to the URL without it), in
// the cookie, or as a bearer token for scripts.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hosts[strings.ToLower(r.Host)] {
			http.Error(w, "lakehunt console: refused the Host header "+r.Host+": open the console by the address it printed", http.StatusMisdirectedRequest)
			return
		}
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		if t := r.URL.Query().Get("token"); t != "" && s.tokenMatches(t) {
			http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.opt.Token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
			q := r.URL.Query()
			q.Del("token")
			u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
			http.Redirect(w, r, u.String(), http.StatusSeeOther)
			return
		}
		if !s.authorized(r) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte("lakehunt console: no token. Open the URL 'lakehunt serve' printed (it carries ?token=...), or send Authorization: Bearer TOKEN.\n"))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost {
			http.Error(w, "lakehunt console is read-only: "+r.Method+" is not allowed", http.StatusMethodNotAllowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) authorized(r *http.Request) bool {
	if c, err := r.Cookie(cookieName); err == nil && s.tokenMatches(c.Value) {
		return true
	}
	if auth, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && s.tokenMatches(auth) {
		return true
	}
	return false
}

func (s *Server) tokenMatches(t string) bool {
	return subtle.ConstantTimeCompare([]byte(t), []byte(s.opt.Token)) == 1
}
