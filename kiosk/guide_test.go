package kiosk

import (
	"strings"
	"testing"
	"time"

	"halld/device/escpos"
	"halld/queue/guide"
)

func fixedGuide() guide.View {
	loc, _ := time.LoadLocation("Asia/Shanghai")
	return guide.View{
		Service: "estate", ServiceName: "不动产登记", Department: "自然资源和规划局", Version: 3,
		Guide: guide.Guide{
			Materials: []string{"不动产登记申请书", "申请人身份证明", "不动产权属证书（原件），已遗失的须提供在报刊上刊登的遗失声明"},
			Procedure: []string{"窗口受理", "审核", "登簿", "缴费发证"},
			TimeLimit: "法定30个工作日，承诺5个工作日",
			Fees:      "住宅80元/件，非住宅550元/件",
			Basis:     []string{"《不动产登记暂行条例》", "《不动产登记暂行条例实施细则》"},
			Windows:   []int{1, 2, 3},
		},
		UpdatedAt: time.Date(2026, 11, 20, 9, 0, 0, 0, loc),
	}
}

// TestGuideGolden pins the printed guide's bytes on both widths and what
// the printer makes of them; no line overflows the paper.
func TestGuideGolden(t *testing.T) {
	for _, p := range []escpos.Paper{escpos.Paper58, escpos.Paper80} {
		t.Run(p.Name, func(t *testing.T) {
			job, err := GuideJob(fixedGuide(), p)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "guide"+p.Name+".bin", job)
			text := escpos.Decode(0, job).Render(p)
			golden(t, "guide"+p.Name+".txt", []byte(text))
			for _, want := range []string{"不动产登记", "申请材料", "3. 不动产权属证书", "办理时限：法定30个工作日", "收费标准：住宅80元/件", "办理窗口：1、2、3号窗口", "更新日期：2026-11-20"} {
				if !strings.Contains(strings.ReplaceAll(text, "\n", ""), want) {
					t.Errorf("printed guide lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

func TestGuideUnpublishedSaysSo(t *testing.T) {
	job, err := GuideJob(guide.View{Service: "tax", ServiceName: "税务"}, escpos.Paper58)
	if err != nil {
		t.Fatal(err)
	}
	if text := escpos.Decode(0, job).Render(escpos.Paper58); !strings.Contains(text, "尚未发布") {
		t.Fatalf("unpublished guide:\n%s", text)
	}
}
