using System.Runtime.CompilerServices;
using Npgsql;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.PostgreSql;

/// <content>Users' identities in other services, keyed by username, service and service id ignoring case.</content>
public sealed partial class PostgreSqlSymStore
{
    private const string GetIdentitySql =
        """
        SELECT service, service_id, user_id, email FROM sym_identities
        WHERE user_key = $1 AND service_key = $2 AND ($3::text IS NULL OR service_id_key = $3)
        ORDER BY service_id_key LIMIT 1;
        """;

    private const string ListIdentitiesSql =
        "SELECT service, service_id, user_id, email FROM sym_identities WHERE user_key = $1 ORDER BY service_key, service_id_key;";

    private const string SaveIdentitySql =
        """
        INSERT INTO sym_identities (user_key, service_key, service_id_key, service, service_id, user_id, email) VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (user_key, service_key, service_id_key) DO UPDATE SET
            service = excluded.service, service_id = excluded.service_id, user_id = excluded.user_id, email = excluded.email;
        """;

    /// <inheritdoc />
    public ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default) =>
        GetIdentityByServiceIdAsync(user, service, null, cancellationToken);

    /// <inheritdoc />
    public ValueTask<UserIdentity?> GetIdentityByServiceIdAsync(User user, string service, string? serviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(service);
        return RunAsync((user, service, serviceId), static async (connection, s, ct) =>
        {
            using NpgsqlCommand command = Command(connection, GetIdentitySql,
                Text(Key(s.user.Username)), Text(Key(s.service)), Text(s.serviceId is null ? null : Key(s.serviceId)));
            NpgsqlDataReader r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable rDisposal = r.ConfigureAwait(false);
            return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadIdentity(r) : null;
        }, idempotent: true, "reading an identity", cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<UserIdentity>> ListIdentitiesAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return RunAsync(user, static async (connection, u, ct) =>
        {
            using NpgsqlCommand command = Command(connection, ListIdentitiesSql, Text(Key(u.Username)));
            NpgsqlDataReader r = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using ConfiguredAsyncDisposable rDisposal = r.ConfigureAwait(false);
            var list = new List<UserIdentity>();
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                list.Add(ReadIdentity(r));
            }

            return (IReadOnlyList<UserIdentity>)list;
        }, idempotent: true, "reading identities", cancellationToken);
    }

    private static UserIdentity ReadIdentity(NpgsqlDataReader r) => new()
    {
        Service = r.GetString(0),
        ServiceId = r.IsDBNull(1) ? null : r.GetString(1),
        UserId = r.IsDBNull(2) ? null : r.GetString(2),
        Email = r.IsDBNull(3) ? null : r.GetString(3),
    };

    /// <inheritdoc />
    public async ValueTask SaveIdentityAsync(User user, UserIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(identity);
        await RunAsync((user, identity), static async (connection, s, ct) =>
        {
            using var batch = new NpgsqlBatch(connection) { BatchCommands = { SaveIdentityStatement(s.user, s.identity) } };
            return await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, idempotent: true, "saving an identity", cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand SaveIdentityStatement(User user, UserIdentity identity) => Statement(SaveIdentitySql,
        Text(Key(user.Username)), Text(Key(identity.Service)), Text(identity.ServiceId is null ? string.Empty : Key(identity.ServiceId)),
        Text(identity.Service), Text(identity.ServiceId), Text(identity.UserId), Text(identity.Email));
}
