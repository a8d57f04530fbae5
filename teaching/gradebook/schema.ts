/**
 * The course gradebook's tables, as SQL a teacher can read with `sqlite3`.
 *
 * A submission is one file with one content (a resubmission is a new row);
 * every grading of it is kept (a regrade adds one, the newest counts); each
 * grading has one result per answer and data set ("shown": the lesson's own
 * data, "hidden": inputs the learner never saw). `grades` holds one row per
 * student, lesson and policy, recomputed as results arrive; `grade_changes`
 * says what each run changed.
 */

/** Bumped when a table changes; a file of another version is refused with a message. */
export const schemaVersion = 1;

export const policies = ["latest", "best"] as const;
export type Policy = (typeof policies)[number];

export const schemaSql = `
PRAGMA user_version = ${schemaVersion};

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE runs (
  id             INTEGER PRIMARY KEY,
  started_at     TEXT NOT NULL,               -- ISO 8601, UTC
  finished_at    TEXT,                        -- NULL: interrupted (or still running)
  kind           TEXT NOT NULL CHECK (kind IN ('grade', 'regrade', 'quick', 'recompute')),
  grader_version TEXT NOT NULL,
  graded         INTEGER NOT NULL DEFAULT 0   -- submissions graded in this run
);

CREATE TABLE students (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE                   -- as the grader names them: folder or file name
);

CREATE TABLE lessons (
  id          INTEGER PRIMARY KEY,
  problem     TEXT NOT NULL UNIQUE,           -- "213"
  title       TEXT NOT NULL,
  answers     INTEGER NOT NULL,               -- answers its check grades (its points)
  version     TEXT NOT NULL,                  -- hash of its code, check and key: a change means regrade
  changed_run INTEGER REFERENCES runs (id)    -- the run that first saw this version
);

CREATE TABLE submissions (
  id             INTEGER PRIMARY KEY,
  student_id     INTEGER NOT NULL REFERENCES students (id),
  lesson_id      INTEGER REFERENCES lessons (id),   -- NULL: not a notebook of any lesson
  file           TEXT NOT NULL,               -- relative to the gradebook's folder
  content_hash   TEXT NOT NULL,               -- sha256 of the file
  submitted_at   TEXT NOT NULL,               -- nbgrader's timestamp.txt beside it, else the file's time
  variant        TEXT,                        -- the lesson variant's seed (metadata.dlfs.variant), if any
  grading_id     INTEGER REFERENCES gradings (id),  -- its newest grading, the one that counts
  graded_at      TEXT,                        -- of its newest grading
  grader_version TEXT,                        -- of its newest grading
  UNIQUE (file, content_hash)
);

CREATE TABLE gradings (
  id             INTEGER PRIMARY KEY,
  submission_id  INTEGER NOT NULL REFERENCES submissions (id),
  run_id         INTEGER NOT NULL REFERENCES runs (id),
  graded_at      TEXT NOT NULL,
  grader_version TEXT NOT NULL,
  lesson_version TEXT NOT NULL,
  status         TEXT NOT NULL,               -- graded, partial, error, timeout, crashed, invalid, flagged
  points         REAL NOT NULL,
  max            INTEGER NOT NULL,
  reason         TEXT NOT NULL,
  seconds        REAL NOT NULL,
  report         TEXT                         -- the grader's HTML report, relative to the gradebook's folder
);

CREATE TABLE results (
  grading_id INTEGER NOT NULL REFERENCES gradings (id),
  answer     TEXT NOT NULL,
  data       TEXT NOT NULL CHECK (data IN ('shown', 'hidden')),
  passed     INTEGER NOT NULL CHECK (passed IN (0, 1)),
  hint       TEXT,                            -- the mistake the check named, when wrong
  given      TEXT,                            -- the value given, as printed (shown data, wrong answers)
  given_hash TEXT,                            -- sha256 of it, to find identical answers
  PRIMARY KEY (grading_id, answer, data)
);

CREATE TABLE findings (
  grading_id INTEGER NOT NULL REFERENCES gradings (id),
  finding    TEXT NOT NULL                    -- why the grader flagged it (code or tampering)
);

CREATE TABLE grades (
  student_id    INTEGER NOT NULL REFERENCES students (id),
  lesson_id     INTEGER NOT NULL REFERENCES lessons (id),
  policy        TEXT NOT NULL CHECK (policy IN ('latest', 'best')),
  submission_id INTEGER NOT NULL REFERENCES submissions (id),  -- the attempt that counts
  grading_id    INTEGER NOT NULL REFERENCES gradings (id),
  points        REAL NOT NULL,                -- as graded
  max           INTEGER NOT NULL,
  late_days     INTEGER NOT NULL,             -- days after the due date, started days counted
  penalty       REAL NOT NULL,                -- share taken off for lateness (1: not accepted)
  score         REAL NOT NULL,                -- points × (1 − penalty)
  attempts      INTEGER NOT NULL,
  PRIMARY KEY (student_id, lesson_id, policy)
);

CREATE TABLE grade_changes (
  run_id     INTEGER NOT NULL REFERENCES runs (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  lesson_id  INTEGER NOT NULL REFERENCES lessons (id),
  policy     TEXT NOT NULL,
  before     REAL,                            -- NULL: the first grade
  after      REAL NOT NULL,
  PRIMARY KEY (run_id, student_id, lesson_id, policy)
);

CREATE INDEX submissions_by_student_lesson ON submissions (student_id, lesson_id);
CREATE INDEX gradings_by_submission ON gradings (submission_id);
CREATE INDEX submissions_by_file ON submissions (file);
CREATE INDEX grades_by_grading ON grades (grading_id);

-- The newest grading of each submission: the one that counts.
CREATE VIEW current_gradings AS
  SELECT g.* FROM submissions s JOIN gradings g ON g.id = s.grading_id;

-- The grades in words, for reading with sqlite3.
CREATE VIEW grade_sheet AS
  SELECT st.name AS student, l.problem, gr.policy, gr.score, gr.points, gr.max, gr.late_days,
         gr.penalty, gr.attempts, s.file, s.submitted_at, g.graded_at, g.status
  FROM grades gr
  JOIN students st ON st.id = gr.student_id
  JOIN lessons l ON l.id = gr.lesson_id
  JOIN submissions s ON s.id = gr.submission_id
  JOIN gradings g ON g.id = gr.grading_id;
`;
