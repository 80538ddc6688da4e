package main

import (
	"log/slog"

	"halld/api"
	"halld/kiosk"
	"halld/queue"
	"halld/queue/guide"
)

// startGuides opens the service guides and mounts their API and the
// kiosk's printing; the demo hall gets two sample guides on first start.
func startGuides(e *queue.Engine, srv *api.Server, k *kiosk.Kiosk, demo bool, log *slog.Logger) error {
	g, err := guide.Open(e)
	if err != nil {
		return err
	}
	srv.WithGuides(g)
	k.RegisterGuides(srv.DeviceMux(), g)
	if demo {
		for svc, sample := range demoGuides {
			if v, err := g.Get(svc); err == nil && v.Version == 0 {
				if _, err := g.Set("demo", svc, sample); err != nil {
					log.Warn("demo guide", "service", svc, "err", err)
				}
			}
		}
	}
	return nil
}

// demoGuides are samples for the demo hall, in the shape of the guides
// halls post (a real hall's admin writes its own on /admin/).
var demoGuides = map[string]guide.Guide{
	"estate": {
		Materials: []string{"不动产登记申请书", "申请人身份证明", "不动产权属证书", "登记原因证明文件（如买卖合同）"},
		Procedure: []string{"取号", "窗口受理", "审核", "登簿", "缴费领证"},
		TimeLimit: "法定30个工作日；本中心承诺5个工作日",
		Fees:      "住宅每件80元，非住宅每件550元",
		Basis:     []string{"《不动产登记暂行条例》", "《不动产登记暂行条例实施细则》"},
	},
	"social": {
		Materials: []string{"本人有效身份证件", "社会保障卡（补换卡时）"},
		Procedure: []string{"取号", "窗口受理", "即时办结"},
		TimeLimit: "即办",
		Fees:      "不收费",
		Basis:     []string{"《中华人民共和国社会保险法》"},
	},
}
