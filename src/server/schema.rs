//! The province server's schema, in numbered levels like the workbook's:
//! `kc_schema.level` says which, each level runs in one transaction, and a
//! server at a level this program does not know is refused.
//!
//! Access is the server's to enforce, not the program's: every office logs
//! in with its own role (a member of `kc_office`), and row-level security
//! lets it insert and change only records of its own office and of the
//! offices it is given (`kc_office_grants`); a province-wide role reads and
//! writes everything. Nobody deletes a row (a deletion is a tombstone), and
//! the change counter is the server's: a trigger sets it on every write,
//! whatever the client sends.

/// One script per level; level N is reached by running `LEVELS[N-1]`.
pub const LEVELS: &[&str] = &[
    // 1: offices, their grants, records with the server's change counter.
    r#"
    CREATE TABLE kc_schema (
        singleton integer PRIMARY KEY CHECK (singleton = 1),
        level integer NOT NULL
    );
    INSERT INTO kc_schema (singleton, level) VALUES (1, 0);

    CREATE TABLE kc_offices (
        id text PRIMARY KEY,
        name text NOT NULL,
        province text NOT NULL DEFAULT '',
        -- The login role of the office (NULL for an office known only from its records).
        role_name text UNIQUE,
        province_wide boolean NOT NULL DEFAULT false
    );

    -- Office `grantee` may also write the records of office `office_id`.
    CREATE TABLE kc_office_grants (
        grantee text NOT NULL REFERENCES kc_offices(id),
        office_id text NOT NULL REFERENCES kc_offices(id),
        PRIMARY KEY (grantee, office_id)
    );

    CREATE SEQUENCE kc_change_seq;

    CREATE TABLE kc_records (
        kind text NOT NULL,
        id text NOT NULL,
        office_id text NOT NULL REFERENCES kc_offices(id),
        record jsonb NOT NULL,
        created_at bigint NOT NULL,
        modified_at bigint NOT NULL,
        deleted_at bigint,
        change_seq bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, id)
    );
    CREATE INDEX kc_records_change ON kc_records (change_seq);

    -- The office of the role connected, and what it may do. SECURITY
    -- DEFINER: an office's role cannot read the tables behind them itself.
    CREATE FUNCTION kc_my_office() RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ SELECT id FROM public.kc_offices WHERE role_name = session_user $$;
    CREATE FUNCTION kc_province_wide() RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ SELECT coalesce((SELECT province_wide FROM public.kc_offices WHERE role_name = session_user), false) $$;
    CREATE FUNCTION kc_may_write(office text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ SELECT public.kc_province_wide()
                  OR office = public.kc_my_office()
                  OR EXISTS (SELECT 1 FROM public.kc_office_grants g
                             WHERE g.grantee = public.kc_my_office() AND g.office_id = office) $$;

    -- An office reads its own records, those it may write, and the
    -- province-wide offices' (the province's plans); a province-wide role all.
    CREATE FUNCTION kc_may_read(office text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ SELECT public.kc_may_write(office)
                  OR EXISTS (SELECT 1 FROM public.kc_offices o WHERE o.id = office AND o.province_wide) $$;

    -- The counter is the server's: set on every insert and update.
    CREATE FUNCTION kc_count_change() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ BEGIN NEW.change_seq := nextval('public.kc_change_seq'); RETURN NEW; END $$;
    CREATE TRIGGER kc_records_change BEFORE INSERT OR UPDATE ON kc_records
        FOR EACH ROW EXECUTE FUNCTION kc_count_change();

    ALTER TABLE kc_records ENABLE ROW LEVEL SECURITY;
    CREATE POLICY kc_read ON kc_records FOR SELECT USING (kc_may_read(office_id));
    CREATE POLICY kc_insert ON kc_records FOR INSERT WITH CHECK (kc_may_write(office_id));
    CREATE POLICY kc_update ON kc_records FOR UPDATE
        USING (kc_may_write(office_id)) WITH CHECK (kc_may_write(office_id));

    -- The group of the offices' login roles: least privilege, no DELETE.
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kc_office') THEN
            CREATE ROLE kc_office NOLOGIN;
        END IF;
    END $$;
    REVOKE ALL ON kc_schema, kc_offices, kc_office_grants, kc_records FROM PUBLIC;
    REVOKE ALL ON FUNCTION kc_my_office(), kc_province_wide(), kc_may_write(text), kc_may_read(text), kc_count_change() FROM PUBLIC;
    GRANT SELECT ON kc_schema, kc_offices, kc_office_grants TO kc_office;
    GRANT SELECT, INSERT, UPDATE ON kc_records TO kc_office;
    GRANT EXECUTE ON FUNCTION kc_my_office(), kc_province_wide(), kc_may_write(text), kc_may_read(text), kc_count_change() TO kc_office;
    "#,
    // 2: records carry the office id of the workbook that made them (bound
    // to the office's login on its first sync), the server's own id (the
    // merge's peer), the offices' names, and writers in the order of their
    // counters (see `kc_write_lock`).
    r#"
    ALTER TABLE kc_schema ADD COLUMN server_id text NOT NULL DEFAULT gen_random_uuid()::text;
    ALTER TABLE kc_records DROP CONSTRAINT kc_records_office_id_fkey;
    ALTER TABLE kc_offices ADD COLUMN workbook_office text UNIQUE;
    GRANT SELECT ON kc_schema TO kc_office;

    -- The names of the offices that made records (a workbook's `offices`).
    CREATE TABLE kc_record_offices (
        id text PRIMARY KEY,
        name text NOT NULL,
        province text NOT NULL DEFAULT ''
    );

    CREATE OR REPLACE FUNCTION kc_my_office() RETURNS text
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ SELECT workbook_office FROM public.kc_offices WHERE role_name = session_user $$;
    CREATE OR REPLACE FUNCTION kc_may_write(office text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ SELECT public.kc_province_wide()
                  OR office = public.kc_my_office()
                  OR EXISTS (SELECT 1 FROM public.kc_office_grants g
                             JOIN public.kc_offices me ON me.id = g.grantee
                             JOIN public.kc_offices o ON o.id = g.office_id
                             WHERE me.role_name = session_user AND o.workbook_office = office) $$;
    CREATE OR REPLACE FUNCTION kc_may_read(office text) RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ SELECT public.kc_may_write(office)
                  OR EXISTS (SELECT 1 FROM public.kc_offices o WHERE o.workbook_office = office AND o.province_wide) $$;

    -- The same answers as lists, for the policies: called once per
    -- statement (as `(SELECT …)`), not once per row, so that reading and
    -- writing many rows costs a comparison each.
    CREATE FUNCTION kc_writable() RETURNS text[]
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ SELECT array_remove(array_agg(DISTINCT o), NULL) FROM (
                  SELECT workbook_office AS o FROM public.kc_offices WHERE role_name = session_user
                  UNION ALL
                  SELECT o.workbook_office FROM public.kc_office_grants g
                  JOIN public.kc_offices me ON me.id = g.grantee JOIN public.kc_offices o ON o.id = g.office_id
                  WHERE me.role_name = session_user) mine $$;
    CREATE FUNCTION kc_readable() RETURNS text[]
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ SELECT public.kc_writable() || coalesce(
                  (SELECT array_agg(workbook_office) FROM public.kc_offices
                   WHERE province_wide AND workbook_office IS NOT NULL), '{}') $$;
    DROP POLICY kc_read ON kc_records;
    DROP POLICY kc_insert ON kc_records;
    DROP POLICY kc_update ON kc_records;
    CREATE POLICY kc_read ON kc_records FOR SELECT
        USING ((SELECT kc_province_wide()) OR office_id = ANY ((SELECT kc_readable())::text[]));
    CREATE POLICY kc_insert ON kc_records FOR INSERT
        WITH CHECK ((SELECT kc_province_wide()) OR office_id = ANY ((SELECT kc_writable())::text[]));
    CREATE POLICY kc_update ON kc_records FOR UPDATE
        USING ((SELECT kc_province_wide()) OR office_id = ANY ((SELECT kc_writable())::text[]))
        WITH CHECK ((SELECT kc_province_wide()) OR office_id = ANY ((SELECT kc_writable())::text[]));
    -- An office's pull reads the offices it may read, above its counter.
    CREATE INDEX kc_records_office_change ON kc_records (office_id, change_seq);

    -- Binds the login connected to the office of its workbook, once; says
    -- the office it is bound to (another one: the caller refuses).
    CREATE FUNCTION kc_bind_office(workbook_office text) RETURNS text
        LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ UPDATE public.kc_offices SET workbook_office = coalesce(kc_offices.workbook_office, kc_bind_office.workbook_office)
              WHERE role_name = session_user
              RETURNING kc_offices.workbook_office $$;

    -- Writers take one lock until they commit, so the counters are handed
    -- out in the order the writes become visible: a reader that has seen
    -- counter N has seen every write below it, and the next sync may start
    -- after the highest counter it read.
    -- The lock is taken once per statement, before any row gets its counter.
    CREATE FUNCTION kc_write_lock() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public
        AS $$ BEGIN PERFORM pg_advisory_xact_lock(4242000016); RETURN NULL; END $$;
    CREATE TRIGGER kc_records_lock BEFORE INSERT OR UPDATE ON kc_records
        FOR EACH STATEMENT EXECUTE FUNCTION kc_write_lock();

    ALTER TABLE kc_record_offices ENABLE ROW LEVEL SECURITY;
    CREATE POLICY kc_read ON kc_record_offices FOR SELECT USING (true);
    CREATE POLICY kc_insert ON kc_record_offices FOR INSERT WITH CHECK (kc_may_write(id));
    CREATE POLICY kc_update ON kc_record_offices FOR UPDATE
        USING (kc_may_write(id)) WITH CHECK (kc_may_write(id));
    REVOKE ALL ON kc_record_offices FROM PUBLIC;
    REVOKE ALL ON FUNCTION kc_bind_office(text) FROM PUBLIC;
    GRANT SELECT, INSERT, UPDATE ON kc_record_offices TO kc_office;
    REVOKE ALL ON FUNCTION kc_writable(), kc_readable(), kc_write_lock() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION kc_bind_office(text), kc_writable(), kc_readable(), kc_write_lock() TO kc_office;
    "#,
];

/// The lock every writer of records takes (see level 2's `kc_write_lock`).
pub const WRITE_LOCK: i64 = 4_242_000_016;

/// The server level this program writes.
pub const SERVER_LEVEL: i32 = LEVELS.len() as i32;
