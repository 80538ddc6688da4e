package provision

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nkeys"

	"halld/centre/store"
	"halld/hallnet"
)

// Errors of provisioning.
var (
	// ErrReload: the server could not be told to reload (pid file, signal).
	ErrReload = errors.New("provision: nats-server reload")
	// ErrSeed: the centre's own seed file is missing or not a user seed.
	ErrSeed = errors.New("provision: centre seed")
)

// Provisioner registers halls. JS may be nil for commands that only write
// files (init); streams are then made by the running centre.
type Provisioner struct {
	Store      *store.Store
	JS         jetstream.JetStream
	CentreSeed string // the centre's nkey seed file
	AuthFile   string // the authorization file nats-server includes
	PidFile    string // nats-server's pid file; "" skips the reload
	SeedDir    string // where new halls' seed files are written
	Replicas   int    // of the streams and buckets: 1 or 3
	MaxAge     time.Duration
	Log        *slog.Logger
	Now        func() time.Time
}

// CentreKey reads the centre's seed file, creating it (0600) if missing,
// and returns its public key.
func CentreKey(seedFile string) (string, error) {
	b, err := os.ReadFile(seedFile)
	if errors.Is(err, os.ErrNotExist) {
		kp, err := nkeys.CreateUser()
		if err != nil {
			return "", err
		}
		if b, err = kp.Seed(); err != nil {
			return "", err
		}
		if err := os.MkdirAll(filepath.Dir(seedFile), 0o700); err != nil {
			return "", err
		}
		if err := writeFile(seedFile, append(b, '\n'), 0o600); err != nil {
			return "", err
		}
	} else if err != nil {
		return "", fmt.Errorf("%w: %v", ErrSeed, err)
	}
	kp, err := nkeys.ParseDecoratedNKey(b)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %v", ErrSeed, seedFile, err)
	}
	pub, err := kp.PublicKey()
	if err != nil || nkeys.Prefix(pub) != nkeys.PrefixByteUser {
		return "", fmt.Errorf("%w: %s is not a user seed", ErrSeed, seedFile)
	}
	return pub, nil
}

// WriteAuth rewrites the authorization file from the database's halls
// not revoked, and reloads the server if a pid file is configured.
func (p *Provisioner) WriteAuth(ctx context.Context) error {
	centre, err := CentreKey(p.CentreSeed)
	if err != nil {
		return err
	}
	halls, err := p.Store.Halls(ctx)
	if err != nil {
		return err
	}
	var users []User
	for _, h := range halls {
		if h.Revoked == nil {
			users = append(users, User{Hall: h.ID, NKey: h.NKey})
		}
	}
	if err := writeFile(p.AuthFile, AuthConfig(centre, users), 0o600); err != nil {
		return fmt.Errorf("provision: authorization file: %w", err)
	}
	if p.PidFile == "" {
		return nil
	}
	return Reload(p.PidFile)
}

// Add registers a hall: its key pair, its seed file (returned), its row,
// the server's authorization and its stream.
func (p *Provisioner) Add(ctx context.Context, id, name string) (seedFile string, err error) {
	if err := hallnet.ValidateHallID(id); err != nil {
		return "", err
	}
	if name == "" {
		return "", errors.New("provision: a hall needs a name")
	}
	kp, err := nkeys.CreateUser()
	if err != nil {
		return "", err
	}
	seed, _ := kp.Seed()
	pub, _ := kp.PublicKey()
	if err := os.MkdirAll(p.SeedDir, 0o700); err != nil {
		return "", err
	}
	seedFile = filepath.Join(p.SeedDir, id+".nk")
	if err := p.Store.AddHall(ctx, id, name, pub, p.now()); err != nil {
		return "", err
	}
	if err := writeFile(seedFile, append(seed, '\n'), 0o600); err != nil {
		return "", fmt.Errorf("provision: seed of %s: %w", id, err)
	}
	if err := p.WriteAuth(ctx); err != nil {
		return seedFile, err
	}
	if p.JS != nil {
		if err := EnsureStream(ctx, p.JS, id, p.Replicas, p.MaxAge); err != nil {
			return seedFile, err
		}
	}
	p.Log.Info("hall registered", "hall", id, "seed", seedFile)
	return seedFile, nil
}

// Revoke drops a hall's credential: the server refuses it after the reload.
// Its stream and its events stay.
func (p *Provisioner) Revoke(ctx context.Context, id string) error {
	if err := p.Store.RevokeHall(ctx, id, p.now()); err != nil {
		return err
	}
	if err := p.WriteAuth(ctx); err != nil {
		return err
	}
	p.Log.Info("hall revoked", "hall", id)
	return nil
}

func (p *Provisioner) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// EnsureStream creates or updates a hall's stream: its events subject,
// file storage, limits retention, direct gets (the hall reads its last
// message back), the duplicate window for message ids.
func EnsureStream(ctx context.Context, js jetstream.JetStream, hall string, replicas int, maxAge time.Duration) error {
	_, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        hallnet.StreamName(hall),
		Description: "halld events of hall " + hall,
		Subjects:    []string{hallnet.EventsSubject(hall)},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		Replicas:    max(replicas, 1),
		MaxAge:      maxAge,
		Duplicates:  2 * time.Minute,
		AllowDirect: true,
		Discard:     jetstream.DiscardOld,
	})
	if err != nil {
		return fmt.Errorf("provision: stream of %s: %w", hall, err)
	}
	return nil
}

// EnsureBuckets creates the live and shared key-value buckets if missing.
func EnsureBuckets(ctx context.Context, js jetstream.JetStream, replicas int) error {
	for _, c := range []jetstream.KeyValueConfig{
		{Bucket: hallnet.LiveBucket, Description: "each hall's live record", History: 1, Replicas: max(replicas, 1),
			Storage: jetstream.FileStorage},
		{Bucket: hallnet.SharedBucket, Description: "what the centre shares with halls", History: 5,
			Replicas: max(replicas, 1), Storage: jetstream.FileStorage},
	} {
		if _, err := js.CreateOrUpdateKeyValue(ctx, c); err != nil {
			return fmt.Errorf("provision: bucket %s: %w", c.Bucket, err)
		}
	}
	return nil
}
