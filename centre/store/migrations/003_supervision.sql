-- 003: the halls' supervision domains rolled up (issue 13): 超时预警
-- alerts, 投诉 complaints and 预约 bookings, projected from their events
-- like tickets and cases. Rows hold ids, rules, states and due days;
-- nothing personal (the events carry none).

-- One row per alert (alert.raised), closed by alert.cleared, acknowledged
-- by alert.acked. day is the hall's day it was raised (CST).
CREATE TABLE alerts (
    hall       text NOT NULL REFERENCES halls (id),
    id         text NOT NULL,              -- the hall's YYYYMMDD-NNN
    rule       text NOT NULL,              -- wait, queue, paused, unstaffed, case_card
    day        date NOT NULL,
    raised_at  timestamptz NOT NULL,
    service    text,
    window_no  integer,
    department text,
    cleared_at timestamptz,
    acked_at   timestamptz,
    PRIMARY KEY (hall, id)
);
CREATE INDEX alerts_day ON alerts (day);
CREATE INDEX alerts_open ON alerts (hall) WHERE cleared_at IS NULL;

-- One row per complaint (complaint.filed, then complaint.updated): the
-- latest state, the finding at 办结, the due days counted by the hall's
-- calendar. concluded_at is the time of the event that concluded it.
CREATE TABLE complaints (
    hall         text NOT NULL REFERENCES halls (id),
    id           text NOT NULL,            -- TSYYYYMMDDNNN
    source       text NOT NULL,
    state        text NOT NULL,            -- received, investigating, concluded
    finding      text,                     -- substantiated, unsubstantiated
    window_no    integer,
    staff        text,                     -- the staff id complained about
    service      text,
    department   text,
    filed_at     timestamptz NOT NULL,
    accept_due   date,
    conclude_due date,
    concluded_at timestamptz,
    on_time      boolean,
    PRIMARY KEY (hall, id)
);

-- One row per appointment (booking.booked, then cancelled, checked_in,
-- no_show or closed). day is the slot's date; late marks a no-show who
-- came after the check-in window and took a walk-in ticket.
CREATE TABLE bookings (
    hall      text NOT NULL REFERENCES halls (id),
    code      text NOT NULL,
    service   text NOT NULL,
    day       date NOT NULL,
    start     text NOT NULL,               -- HH:MM
    channel   text NOT NULL DEFAULT '',
    state     text NOT NULL,               -- booked, cancelled, checked_in, no_show, closed
    late      boolean NOT NULL DEFAULT false,
    booked_at timestamptz NOT NULL,
    PRIMARY KEY (hall, code)
);
CREATE INDEX bookings_day ON bookings (day);
