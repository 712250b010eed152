using Microsoft.Data.Sqlite;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Storage;

/// <content>Users' identities in other services, keyed by username and service ignoring case.</content>
public sealed partial class SqliteSymStore
{
    private static readonly SqliteStatement GetIdentitySql = new(
        "SELECT service, service_id, user_id, email FROM sym_identities WHERE user_key = $user_key AND service_key = $service_key;",
        "$user_key", "$service_key");

    private static readonly SqliteStatement SaveIdentitySql = new(
        """
        INSERT INTO sym_identities (user_key, service_key, service, service_id, user_id, email)
        VALUES ($user_key, $service_key, $service, $service_id, $user_id, $email)
        ON CONFLICT (user_key, service_key) DO UPDATE SET
            service = excluded.service, service_id = excluded.service_id, user_id = excluded.user_id, email = excluded.email;
        """,
        "$user_key", "$service_key", "$service", "$service_id", "$user_id", "$email");

    /// <inheritdoc />
    public ValueTask<UserIdentity?> GetIdentityAsync(User user, string service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentException.ThrowIfNullOrEmpty(service);
        return ReadAsync((user, service), static (session, state) =>
        {
            SqliteCommand command = session.Command(GetIdentitySql);
            Set(command, 0, Key(state.user.Username));
            Set(command, 1, Key(state.service));
            using SqliteDataReader r = command.ExecuteReader();
            return r.Read()
                ? new UserIdentity
                {
                    Service = r.GetString(0),
                    ServiceId = r.IsDBNull(1) ? null : r.GetString(1),
                    UserId = r.IsDBNull(2) ? null : r.GetString(2),
                    Email = r.IsDBNull(3) ? null : r.GetString(3),
                }
                : null;
        }, "reading an identity", cancellationToken);
    }

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
        Set(command, 2, identity.Service);
        Set(command, 3, identity.ServiceId);
        Set(command, 4, identity.UserId);
        Set(command, 5, identity.Email);
        command.ExecuteNonQuery();
    }
}
