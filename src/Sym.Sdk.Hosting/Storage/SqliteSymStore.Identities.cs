using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Storage;

/// <content>Users' identities in other services, keyed by username, service and service id ignoring case.</content>
public sealed partial class SqliteSymStore
{
    private static readonly SqliteStatement GetIdentitySql = new(
        """
        SELECT service, service_id, user_id, email FROM sym_identities
        WHERE user_key = $user_key AND service_key = $service_key AND ($service_id_key IS NULL OR service_id_key = $service_id_key)
        ORDER BY service_id_key LIMIT 1;
        """,
        "$user_key", "$service_key", "$service_id_key");

    private static readonly SqliteStatement ListIdentitiesSql = new(
        "SELECT service, service_id, user_id, email FROM sym_identities WHERE user_key = $user_key ORDER BY service_key, service_id_key;",
        "$user_key");

    private static readonly SqliteStatement SaveIdentitySql = new(
        """
        INSERT INTO sym_identities (user_key, service_key, service_id_key, service, service_id, user_id, email)
        VALUES ($user_key, $service_key, $service_id_key, $service, $service_id, $user_id, $email)
        ON CONFLICT (user_key, service_key, service_id_key) DO UPDATE SET
            service = excluded.service, service_id = excluded.service_id, user_id = excluded.user_id, email = excluded.email;
        """,
        "$user_key", "$service_key", "$service_id_key", "$service", "$service_id", "$user_id", "$email");

    /// <inheritdoc />
    public ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default) =>
        GetIdentityByServiceIdAsync(user, service, null, cancellationToken);

    /// <inheritdoc />
    public ValueTask<UserIdentity?> GetIdentityByServiceIdAsync(User user, string service, string? serviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(service);
        return ReadAsync((user, service, serviceId), static (session, state) =>
        {
            SqliteCommand command = session.Command(GetIdentitySql);
            Set(command, 0, Key(state.user.Username));
            Set(command, 1, Key(state.service));
            Set(command, 2, state.serviceId is null ? null : Key(state.serviceId));
            using SqliteDataReader r = command.ExecuteReader();
            return r.Read() ? ReadIdentity(r) : null;
        }, "reading an identity", cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<UserIdentity>> ListIdentitiesAsync(User user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return ReadAsync(user, static (session, u) =>
        {
            SqliteCommand command = session.Command(ListIdentitiesSql);
            Set(command, 0, Key(u.Username));
            using SqliteDataReader r = command.ExecuteReader();
            var list = new List<UserIdentity>();
            while (r.Read())
            {
                list.Add(ReadIdentity(r));
            }

            return (IReadOnlyList<UserIdentity>)list;
        }, "reading identities", cancellationToken);
    }

    private static UserIdentity ReadIdentity(SqliteDataReader r) => new()
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
        await WriteAsync((user, identity), static (writer, state) =>
        {
            SaveIdentity(writer, state.user, state.identity);
            return 0;
        }, "saving an identity", cancellationToken).ConfigureAwait(false);
    }

    private static void SaveIdentity(SqliteSession writer, User user, UserIdentity identity)
    {
        SqliteCommand command = writer.Command(SaveIdentitySql);
        Set(command, 0, Key(user.Username));
        Set(command, 1, Key(identity.Service));
        Set(command, 2, identity.ServiceId is null ? string.Empty : Key(identity.ServiceId));
        Set(command, 3, identity.Service);
        Set(command, 4, identity.ServiceId);
        Set(command, 5, identity.UserId);
        Set(command, 6, identity.Email);
        command.ExecuteNonQuery();
    }
}
