using System.Runtime.CompilerServices;
using Npgsql;
using Sym.Sdk.Hosting.Storage;

namespace Sym.Sdk.Hosting.PostgreSql.Internal;

/// <summary>
/// The store's schema as ordered migrations, recorded in <c>sym_migrations</c>. Hosts starting together migrate once:
/// each takes a transaction-level advisory lock on the schema's name first, then reads the version, applies what is
/// missing and commits (PostgreSQL's DDL is transactional, so a failed migration leaves nothing behind).
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>The first key of every advisory lock the store takes ("SYM" followed by the lock's purpose).</summary>
    public const int LockClassMigrations = 0x53594D00;

    /// <summary>Serializes the enqueueing and removal of one outbox order key (a run), so a run always has one head.</summary>
    public const int LockClassOutboxKey = 0x53594D01;

    /// <summary>Serializes, across hosts, the strategy calls of one grant (flow, target, requester).</summary>
    public const int LockClassGrant = 0x53594D02;

    /// <summary>The SQLSTATE the store raises when a commit's compare-and-swap on a run's version fails.</summary>
    public const string ConflictState = "SY001";

    /// <summary>The oldest server the schema runs on (identity columns, row comparisons on indexes, DROP DATABASE … FORCE in tests).</summary>
    public static readonly Version MinimumServerVersion = new(13, 0);

    /// <summary>The migrations in order; the schema version is the number applied. Each runs in the migrating transaction.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // 1: the tables. Times are UTC ticks (bigint) as in the SQLite store: exact to the 100 ns the engine writes, and
        // compared and indexed as numbers. A run is a JSON document with the columns queries filter on beside it; version
        // is the optimistic-concurrency counter and commit_id the id of the commit that wrote the row (how a commit whose
        // answer was lost to a connection reset finds out it happened). Ids and keys sort as bytes (COLLATE "C"), which is
        // ordinal order for the ids runs have, whatever the database's collation.
        """
        CREATE TABLE sym_runs (
            id text COLLATE "C" PRIMARY KEY,
            version bigint NOT NULL,
            flow text NOT NULL,
            state smallint NOT NULL,
            requested_at bigint NOT NULL,
            requester_key text COLLATE "C" NOT NULL,
            data text NOT NULL,
            commit_id uuid NOT NULL
        );
        CREATE INDEX sym_runs_requester ON sym_runs (requester_key, requested_at, id);
        CREATE INDEX sym_runs_requester_state ON sym_runs (requester_key, state, requested_at, id);
        CREATE INDEX sym_runs_state ON sym_runs (state, requested_at, id);
        CREATE INDEX sym_runs_requested_at ON sym_runs (requested_at, id);

        CREATE TABLE sym_audit (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_id text COLLATE "C" NOT NULL,
            flow text NOT NULL,
            step text NOT NULL,
            actor text NOT NULL,
            actor_key text COLLATE "C" NOT NULL,
            requester text NOT NULL,
            requester_key text COLLATE "C" NOT NULL,
            target text COLLATE "C",
            timestamp bigint NOT NULL,
            outcome smallint NOT NULL,
            message text,
            error_code text,
            reason text,
            duration bigint
        );
        CREATE INDEX sym_audit_run ON sym_audit (run_id, sequence);
        CREATE INDEX sym_audit_actor ON sym_audit (actor_key, sequence);
        CREATE INDEX sym_audit_requester ON sym_audit (requester_key, sequence);
        CREATE INDEX sym_audit_target ON sym_audit (target, sequence);
        CREATE INDEX sym_audit_timestamp ON sym_audit (timestamp);
        CREATE FUNCTION sym_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the Sym audit log is append-only' USING ERRCODE = 'SY002';
        END $$;
        CREATE TRIGGER sym_audit_no_change BEFORE UPDATE OR DELETE ON sym_audit
            FOR EACH ROW EXECUTE FUNCTION sym_audit_append_only();
        CREATE TRIGGER sym_audit_no_truncate BEFORE TRUNCATE ON sym_audit
            FOR EACH STATEMENT EXECUTE FUNCTION sym_audit_append_only();

        CREATE TABLE sym_identities (
            user_key text COLLATE "C" NOT NULL,
            service_key text COLLATE "C" NOT NULL,
            service text NOT NULL,
            service_id text,
            user_id text,
            email text,
            PRIMARY KEY (user_key, service_key)
        );

        CREATE SEQUENCE sym_claim_tokens;

        CREATE TABLE sym_timers (
            run_id text COLLATE "C" NOT NULL,
            kind smallint NOT NULL,
            due_at bigint NOT NULL,
            argument integer NOT NULL,
            claim_token bigint NOT NULL DEFAULT 0,
            claimed_until bigint,
            PRIMARY KEY (run_id, kind)
        );
        CREATE INDEX sym_timers_due ON sym_timers (due_at);

        CREATE TABLE sym_outbox (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text COLLATE "C" NOT NULL UNIQUE,
            order_key text COLLATE "C" NOT NULL,
            head boolean NOT NULL,
            available_at bigint NOT NULL,
            run_id text COLLATE "C",
            kind smallint NOT NULL,
            run_version bigint,
            run_data text,
            data text NOT NULL,
            created_at bigint NOT NULL,
            due_at bigint NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            last_error text,
            claim_token bigint NOT NULL DEFAULT 0,
            claimed_until bigint
        );
        CREATE INDEX sym_outbox_order ON sym_outbox (order_key, seq);
        CREATE INDEX sym_outbox_ready ON sym_outbox (available_at, seq) WHERE head;

        CREATE TABLE sym_inbox (
            id text COLLATE "C" PRIMARY KEY,
            source text NOT NULL,
            body text NOT NULL,
            received_at bigint NOT NULL,
            attempts integer NOT NULL,
            claim_token bigint NOT NULL,
            claimed_until bigint,
            processed_at bigint
        );
        CREATE INDEX sym_inbox_claimable ON sym_inbox (claimed_until, received_at, id) WHERE processed_at IS NULL;
        CREATE INDEX sym_inbox_processed ON sym_inbox (processed_at) WHERE processed_at IS NOT NULL;

        CREATE FUNCTION sym_require(ok boolean) RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN
            IF NOT ok THEN
                RAISE EXCEPTION 'the run''s version changed (optimistic concurrency conflict)' USING ERRCODE = 'SY001';
            END IF;
            RETURN true;
        END $$;
        """,

        // 2: identities keyed by service id too (Sym keys them by service and service id: two Okta orgs), service_id_key
        // being the service id upper-cased ('' without one). Rows of version 1 keep their key under their own service id
        // (upper() here, as ToUpperInvariant for the ids services use); a read without a service id prefers '' and else
        // takes the lowest, so they are read as before.
        """
        ALTER TABLE sym_identities ADD COLUMN service_id_key text COLLATE "C" NOT NULL DEFAULT '';
        UPDATE sym_identities SET service_id_key = upper(service_id) WHERE service_id IS NOT NULL;
        ALTER TABLE sym_identities DROP CONSTRAINT sym_identities_pkey;
        ALTER TABLE sym_identities ADD PRIMARY KEY (user_key, service_key, service_id_key);
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Count;

    private static readonly string[] Tables = ["sym_runs", "sym_audit", "sym_identities", "sym_timers", "sym_outbox", "sym_inbox"];

    /// <summary>Migrates the schema to <see cref="CurrentVersion"/>; returns the version it had.</summary>
    /// <exception cref="SymException">The schema is newer than this build, or holds tables that are not a Sym store's.</exception>
    public static async Task<int> MigrateAsync(NpgsqlConnection connection, string schema, string where, CancellationToken cancellationToken)
    {
        if (connection.PostgreSqlVersion < MinimumServerVersion)
        {
            throw new SymException(SymStorageErrorCodes.UnsupportedServer,
                $"The PostgreSQL server at {where} is version {connection.PostgreSqlVersion}; the Sym store needs {MinimumServerVersion.Major} or later.",
                "Upgrade the server (the store is tested on PostgreSQL 15).");
        }

        NpgsqlTransaction transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using ConfiguredAsyncDisposable transactionDisposal = transaction.ConfigureAwait(false);

        // Hosts starting together wait here for the first; each then finds the schema at the version the first left it.
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock($1, hashtext($2));", cancellationToken, LockClassMigrations, schema).ConfigureAwait(false);
        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)};", cancellationToken).ConfigureAwait(false);
        bool tracked = await ScalarAsync<bool>(connection,
            "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'sym_migrations');", cancellationToken, schema).ConfigureAwait(false);
        int version = 0;
        if (tracked)
        {
            version = await ScalarAsync<int>(connection, $"SELECT coalesce(max(version), 0) FROM {Quote(schema)}.sym_migrations;", cancellationToken)
                .ConfigureAwait(false);
        }
        else if (await ScalarAsync<long>(connection,
            "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = ANY ($2);", cancellationToken, schema, Tables).ConfigureAwait(false) > 0)
        {
            throw new SymException(SymStorageErrorCodes.NotASymStore,
                $"The schema '{schema}' at {where} has tables named like the Sym store's but no sym_migrations table: it is not a Sym store.",
                "Point Sym:Storage:Schema at a new or empty schema, or at an existing Sym store; the store never takes over another application's tables.");
        }

        if (version > CurrentVersion)
        {
            throw new SymException(SymStorageErrorCodes.SchemaTooNew,
                $"The Sym store in schema '{schema}' at {where} has schema version {version}, but this version of Sym.Sdk.Hosting.PostgreSql knows versions up to {CurrentVersion}.",
                "It was migrated by a newer Sym.Sdk.Hosting.PostgreSql. Upgrade this host (every host of a deployment runs the same version, or newer); never downgrade a store.");
        }

        if (!tracked)
        {
            await ExecuteAsync(connection,
                $"CREATE TABLE {Quote(schema)}.sym_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());", cancellationToken)
                .ConfigureAwait(false);
        }

        // The migrations name their objects without a schema: they land in the store's.
        await ExecuteAsync(connection, "SELECT set_config('search_path', $1, true);", cancellationToken, Quote(schema)).ConfigureAwait(false);
        for (int v = version; v < CurrentVersion; v++)
        {
            await ExecuteAsync(connection, Migrations[v], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, "INSERT INTO sym_migrations (version) VALUES ($1);", cancellationToken, v + 1).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return version;
    }

    /// <summary>Quotes an identifier the options validated (letters, digits, underscores).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection);
        foreach (object parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection);
        foreach (object parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
