-- 001: the halls, their events as published, the per-hall cursor and the
-- projections the centre's figures are read from.

CREATE TABLE halls (
    id         text PRIMARY KEY,           -- <12-digit 行政区划代码>-<2 digits>
    name       text NOT NULL,
    region     text NOT NULL,              -- the 行政区划代码 part of id
    nkey       text NOT NULL,              -- the hall credential's public key
    registered timestamptz NOT NULL,
    revoked    timestamptz                 -- set: refused by nats-server
);

-- seq is the last event of the hall held in events: ingest accepts a batch
-- only if it starts at or before seq+1 (a gap is refused, never skipped).
CREATE TABLE hall_cursor (
    hall    text PRIMARY KEY REFERENCES halls (id),
    seq     bigint NOT NULL DEFAULT 0,
    updated timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE events (
    hall text NOT NULL REFERENCES halls (id),
    seq  bigint NOT NULL,
    type text NOT NULL,
    at   timestamptz NOT NULL,
    data jsonb NOT NULL,
    PRIMARY KEY (hall, seq)
);

-- The hall's services and their departments, from its live record and its
-- cases: tickets carry the service only.
CREATE TABLE services (
    hall       text NOT NULL REFERENCES halls (id),
    id         text NOT NULL,
    name       text NOT NULL DEFAULT '',
    department text NOT NULL DEFAULT '',
    PRIMARY KEY (hall, id)
);

CREATE TABLE tickets (
    hall        text NOT NULL REFERENCES halls (id),
    id          text NOT NULL,
    day         date NOT NULL,             -- the hall's day the ticket was issued
    number      text NOT NULL,
    service     text NOT NULL,
    channel     text NOT NULL DEFAULT '',
    state       text NOT NULL,
    issued_at   timestamptz NOT NULL,
    called_at   timestamptz,               -- first call
    wait_s      integer,                   -- issued → first call
    started_at  timestamptz,
    finished_at timestamptz,
    service_s   integer,                   -- started → finished
    window_no   integer,                   -- the window that served it last
    staff       text,                      -- the staff id at that window
    outcome     text,
    PRIMARY KEY (hall, id)
);
CREATE INDEX tickets_day ON tickets (day);

-- One row per evaluation (好差评), neutral: level 1 非常不满意 … 5 非常满意,
-- the channel, and whether the applicant gave it (active) or the policy's
-- default did. subject is the ticket id, or "case:<受理编号>".
CREATE TABLE evaluations (
    hall      text NOT NULL REFERENCES halls (id),
    seq       bigint NOT NULL,
    subject   text NOT NULL,
    day       date NOT NULL,
    service   text NOT NULL,
    window_no integer,
    staff     text,
    level     smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
    channel   text NOT NULL,
    active    boolean NOT NULL,
    at        timestamptz NOT NULL,
    PRIMARY KEY (hall, seq)
);
CREATE INDEX evaluations_day ON evaluations (day);

-- 差评 follow-ups (回访核实, 整改反馈) and their due days.
CREATE TABLE followups (
    hall        text NOT NULL REFERENCES halls (id),
    ticket      text NOT NULL,
    number      text NOT NULL,
    service     text NOT NULL,
    window_no   integer,
    staff       text,
    level       smallint NOT NULL,
    state       text NOT NULL,
    opened_at   timestamptz NOT NULL,
    verify_due  date,
    close_due   date,
    verified_at timestamptz,
    closed_at   timestamptz,
    PRIMARY KEY (hall, ticket)
);

-- Cases (办件) by 受理编号; the applicant is not kept here.
CREATE TABLE cases (
    hall          text NOT NULL REFERENCES halls (id),
    number        text NOT NULL,
    service       text NOT NULL,
    service_name  text NOT NULL DEFAULT '',
    department    text NOT NULL DEFAULT '',
    window_no     integer,
    type          text NOT NULL,
    state         text NOT NULL,
    accepted_at   timestamptz NOT NULL,
    promised_days integer NOT NULL DEFAULT 0,
    due           date,
    finished_at   timestamptz,
    on_time       boolean,
    card          text NOT NULL DEFAULT '',
    PRIMARY KEY (hall, number)
);

-- The latest live record of each hall (from HALL_LIVE), kept across the
-- centre's restarts so an offline hall shows "last known, N minutes ago".
CREATE TABLE hall_live (
    hall     text PRIMARY KEY REFERENCES halls (id),
    record   jsonb NOT NULL,
    at       timestamptz NOT NULL,         -- when the hall wrote it
    received timestamptz NOT NULL          -- when the centre read it
);
