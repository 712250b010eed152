using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage;

namespace Sym.Sdk.Hosting.Storage.Internal;

/// <summary>
/// The store's schema as ordered migrations. <c>PRAGMA user_version</c> holds the version a file is at and
/// <c>PRAGMA application_id</c> marks the file as a Sym store. Migrations run in one <c>BEGIN IMMEDIATE</c> transaction,
/// so two processes opening a new file at once migrate it once, and a failed migration leaves the file as it was.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>"SYM1" as a big-endian integer: what <c>PRAGMA application_id</c> reads in a Sym store.</summary>
    public const int ApplicationId = 0x53594D31;

    /// <summary>The migrations in order; the schema version is the number applied.</summary>
    public static IReadOnlyList<string> Migrations { get; } =
    [
        // 1: the tables. Times are UTC ticks (INTEGER) so they compare and index as numbers; a run is a JSON document
        // with the columns that queries filter on beside it; version is the optimistic-concurrency counter.
        """
        CREATE TABLE sym_runs (
            id TEXT NOT NULL PRIMARY KEY,
            version INTEGER NOT NULL,
            flow TEXT NOT NULL,
            state INTEGER NOT NULL,
            requested_at INTEGER NOT NULL,
            data TEXT NOT NULL
        ) STRICT;
        CREATE TABLE sym_audit (
            sequence INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            flow TEXT NOT NULL,
            step TEXT NOT NULL,
            actor TEXT NOT NULL,
            actor_key TEXT NOT NULL,
            requester TEXT NOT NULL,
            requester_key TEXT NOT NULL,
            target TEXT,
            timestamp INTEGER NOT NULL,
            outcome INTEGER NOT NULL,
            message TEXT,
            error_code TEXT,
            reason TEXT,
            duration INTEGER
        ) STRICT;
        CREATE TABLE sym_identities (
            user_key TEXT NOT NULL,
            service_key TEXT NOT NULL,
            service TEXT NOT NULL,
            service_id TEXT,
            user_id TEXT,
            email TEXT,
            PRIMARY KEY (user_key, service_key)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE sym_timers (
            run_id TEXT NOT NULL,
            kind INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            argument INTEGER NOT NULL,
            claim_token INTEGER NOT NULL DEFAULT 0,
            claimed_until INTEGER,
            PRIMARY KEY (run_id, kind)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE sym_counters (
            name TEXT NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        INSERT INTO sym_counters (name, value) VALUES ('claim_token', 0);
        """,

        // 2: indexes for the scheduler and the audit queries (by run, user, target, time), and the audit log made
        // append-only in the database itself.
        """
        CREATE INDEX sym_runs_state ON sym_runs (state, requested_at);
        CREATE INDEX sym_runs_requested_at ON sym_runs (requested_at);
        CREATE INDEX sym_timers_due ON sym_timers (due_at);
        CREATE INDEX sym_audit_run ON sym_audit (run_id);
        CREATE INDEX sym_audit_actor ON sym_audit (actor_key);
        CREATE INDEX sym_audit_requester ON sym_audit (requester_key);
        CREATE INDEX sym_audit_target ON sym_audit (target);
        CREATE INDEX sym_audit_timestamp ON sym_audit (timestamp);
        CREATE TRIGGER sym_audit_no_update BEFORE UPDATE ON sym_audit
        BEGIN SELECT RAISE(ABORT, 'the Sym audit log is append-only'); END;
        CREATE TRIGGER sym_audit_no_delete BEFORE DELETE ON sym_audit
        BEGIN SELECT RAISE(ABORT, 'the Sym audit log is append-only'); END;
        """,

        // 3: runs by requester, newest first, for "my requests" (ISymRunStore.QueryRunsAsync). requester_key is the
        // requester's username upper-cased invariantly (as User equality compares, and as sym_audit keys users); it is
        // backfilled from each run's document with sym_key (.NET's ToUpperInvariant, registered on the migrating
        // connection: SQLite's upper() folds ASCII only). A document that is not JSON keeps '' (it is unreadable anyway).
        // One index serves every state in order, the other a seek on one state; both end in id, the order's tie-break.
        """
        ALTER TABLE sym_runs ADD COLUMN requester_key TEXT NOT NULL DEFAULT '';
        UPDATE sym_runs SET requester_key = coalesce(sym_key(json_extract(data, '$.requester.username')), '') WHERE json_valid(data);
        CREATE INDEX sym_runs_requester ON sym_runs (requester_key, requested_at, id);
        CREATE INDEX sym_runs_requester_state ON sym_runs (requester_key, state, requested_at, id);
        """,

        // 4: the outbox (notifications a step committed, delivered after it) and the inbox (front-end deliveries
        // acknowledged before processing, kept after processing to recognise duplicates).
        // A run's messages are delivered one at a time in commit order (seq): only the oldest pending message of each
        // order_key, its head, may be claimed. head is kept in the table (set on insert when the key has no other message;
        // passed on to the next message by a trigger when a head is deleted), and available_at is when a message may be
        // claimed (due_at, or claimed_until while a claim holds), so the dispatcher's probe and claim read only the
        // claimable heads from sym_outbox_ready, however many messages wait behind them. A message's run snapshot is its
        // own column: a commit serializes each snapshot once; each message that carries it stores it.
        // An unprocessed inbox item is always claimed (by its receiver first), so the items to take over are those whose
        // claim has lapsed: a range of sym_inbox_claimable. Claims take tokens from their own counters.
        """
        CREATE TABLE sym_outbox (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            order_key TEXT NOT NULL,
            head INTEGER NOT NULL,
            available_at INTEGER NOT NULL,
            run_id TEXT,
            kind INTEGER NOT NULL,
            run_version INTEGER,
            run_data TEXT,
            data TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            claim_token INTEGER NOT NULL DEFAULT 0,
            claimed_until INTEGER
        ) STRICT;
        CREATE INDEX sym_outbox_order ON sym_outbox (order_key, seq);
        CREATE INDEX sym_outbox_ready ON sym_outbox (available_at, seq) WHERE head = 1;
        CREATE TRIGGER sym_outbox_next AFTER DELETE ON sym_outbox WHEN old.head = 1
        BEGIN
            UPDATE sym_outbox SET head = 1 WHERE seq = (SELECT min(seq) FROM sym_outbox WHERE order_key = old.order_key);
        END;
        CREATE TABLE sym_inbox (
            id TEXT NOT NULL PRIMARY KEY,
            source TEXT NOT NULL,
            body TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            claim_token INTEGER NOT NULL,
            claimed_until INTEGER,
            processed_at INTEGER
        ) STRICT;
        CREATE INDEX sym_inbox_claimable ON sym_inbox (claimed_until) WHERE processed_at IS NULL;
        CREATE INDEX sym_inbox_processed ON sym_inbox (processed_at) WHERE processed_at IS NOT NULL;
        INSERT INTO sym_counters (name, value) VALUES ('outbox_claim_token', 0), ('inbox_claim_token', 0);
        """,

        // 5: identities keyed by service id too (Sym keys them by service and service id: two Okta orgs), service_id_key
        // being the service id upper-cased ('' without one). Rows of version 4 keep their key under their own service id;
        // a read without a service id prefers '' and else takes the lowest, so they are read as before.
        """
        CREATE TABLE sym_identities_5 (
            user_key TEXT NOT NULL,
            service_key TEXT NOT NULL,
            service_id_key TEXT NOT NULL,
            service TEXT NOT NULL,
            service_id TEXT,
            user_id TEXT,
            email TEXT,
            PRIMARY KEY (user_key, service_key, service_id_key)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO sym_identities_5 (user_key, service_key, service_id_key, service, service_id, user_id, email)
            SELECT user_key, service_key, coalesce(sym_key(service_id), ''), service, service_id, user_id, email FROM sym_identities;
        DROP TABLE sym_identities;
        ALTER TABLE sym_identities_5 RENAME TO sym_identities;
        """,
    ];

    /// <summary>The SQL function migrations use to compute a user key (<c>ToUpperInvariant</c>, as the store's writes do).</summary>
    private const string KeyFunction = "sym_key";

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Count;

    private static readonly string[] Tables = ["sym_runs", "sym_audit", "sym_identities", "sym_timers", "sym_counters", "sym_outbox", "sym_inbox"];

    /// <summary>
    /// Puts the file in WAL mode and migrates it to <see cref="CurrentVersion"/>. Returns the version the file had.
    /// </summary>
    /// <exception cref="SymException">The file is not a Sym store, is newer than this build, or is damaged.</exception>
    public static int Migrate(SqliteConnection connection, string path)
    {
        // journal_mode cannot change inside a transaction; WAL is a property of the file, so this sticks.
        string mode = Scalar<string>(connection, "PRAGMA journal_mode = WAL;");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new SymException(SymStorageErrorCodes.WalUnavailable,
                $"The Sym store '{path}' could not be put in WAL mode (journal mode is '{mode}').",
                "Keep the database on a local file system; SQLite's WAL mode does not work over network shares.");
        }

        // Raw BEGIN/COMMIT (not SqliteTransaction) so commands need no transaction object; IMMEDIATE takes the write lock
        // up front, so a second process waits here and then sees the migrated version.
        Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            int from = MigrateLocked(connection, path);
            Execute(connection, "COMMIT;");
            return from;
        }
        catch
        {
            RollbackQuietly(connection);
            throw;
        }
    }

    private static int MigrateLocked(SqliteConnection connection, string path)
    {
        long version = Scalar<long>(connection, "PRAGMA user_version;");
        long applicationId = Scalar<long>(connection, "PRAGMA application_id;");
        if (version > CurrentVersion)
        {
            throw new SymException(SymStorageErrorCodes.SchemaTooNew,
                $"The Sym store '{path}' has schema version {version}, but this version of Sym.Sdk.Hosting knows versions up to {CurrentVersion}.",
                "It was written by a newer Sym.Sdk.Hosting. Upgrade this host, or point it at another file; never downgrade a store.");
        }

        if (version > 0 ? applicationId != ApplicationId : applicationId is not (0 or ApplicationId) || HasOtherTables(connection))
        {
            throw new SymException(SymStorageErrorCodes.NotASymStore,
                $"The file '{path}' is a SQLite database, but not a Sym store (application_id {applicationId}, user_version {version}).",
                "Point Sym:Storage:Path at a new file or an existing Sym store; the store never takes over another application's database.");
        }

        if (version < CurrentVersion)
        {
            connection.CreateFunction<string?, string?>(KeyFunction, static value => value?.ToUpperInvariant(), isDeterministic: true);
        }

        for (int v = (int)version; v < CurrentVersion; v++)
        {
            Execute(connection, Migrations[v]);
            Execute(connection, $"PRAGMA user_version = {v + 1};");
        }

        if (version == 0)
        {
            Execute(connection, $"PRAGMA application_id = {ApplicationId};");
        }

        EnsureTables(connection, path);
        return (int)version;
    }

    private static bool HasOtherTables(SqliteConnection connection) =>
        Scalar<long>(connection, "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%';") > 0;

    private static void EnsureTables(SqliteConnection connection, string path)
    {
        foreach (string table in Tables)
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $name;";
            command.Parameters.AddWithValue("$name", table);
            if ((long)command.ExecuteScalar()! != 1)
            {
                throw new SymException(SymStorageErrorCodes.Corrupt,
                    $"The Sym store '{path}' claims schema version {CurrentVersion} but has no table '{table}'.",
                    "The file was changed by hand or damaged. Restore it from a backup.");
            }
        }
    }

    /// <summary>Rolls back the open transaction, if SQLite has not already (it does on some errors).</summary>
    public static void RollbackQuietly(SqliteConnection connection)
    {
        try
        {
            Execute(connection, "ROLLBACK;");
        }
        catch (SqliteException)
        {
            // No transaction was active any more; the original error is what matters.
        }
    }

    private static T Scalar<T>(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
