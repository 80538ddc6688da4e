package api

import (
	"net/http"

	"halld/internal/httpjson"
	"halld/queue/sms"
)

// WithSMS mounts the SMS outbox's endpoints (admins only):
//
//	GET  /api/v1/sms       the queue: counts and the latest messages, masked
//	POST /api/v1/sms/test  queue a test message to a phone
func (s *Server) WithSMS(o *sms.Outbox) {
	s.reminders = o
	s.mux.HandleFunc("GET /api/v1/sms", func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.admin(w, r, "只有管理员可以查看短信队列"); !ok {
			return
		}
		httpjson.WriteJSON(w, http.StatusOK, o.Status(200))
	})
	s.mux.HandleFunc("POST /api/v1/sms/test", func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.admin(w, r, "只有管理员可以发送测试短信")
		if !ok {
			return
		}
		var req struct {
			Phone string `json:"phone"`
			Text  string `json:"text,omitempty"`
		}
		if !httpjson.Decode(w, r, &req) {
			return
		}
		if req.Text == "" {
			req.Text = "【" + s.e.Hall().Hall.Name + "】短信通知测试，收到即表示短信通道正常。"
		}
		v, err := o.Enqueue(sms.Request{Phone: req.Phone, Text: req.Text, Kind: sms.KindTest, Ref: sess.Staff})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		httpjson.WriteJSON(w, http.StatusAccepted, v)
	})
}
