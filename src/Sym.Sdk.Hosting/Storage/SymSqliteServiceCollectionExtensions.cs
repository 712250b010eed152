using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the durable SQLite store of Sym.Sdk.Hosting.</summary>
public static class SymSqliteServiceCollectionExtensions
{
    /// <summary>
    /// Stores runs, the audit log, identities and timers in the SQLite file at <paramref name="path"/> (see
    /// <see cref="AddSymSqliteStore(IServiceCollection, Action{SqliteSymStoreOptions})"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="path">The database file, for example <c>sym.db</c>; created when missing.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSymSqliteStore(this IServiceCollection services, string path)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return services.AddSymSqliteStore(o => o.Path = path);
    }

    /// <summary>
    /// Stores runs, the audit log, identities and timers in the SQLite file named by the configuration key
    /// <c>Sym:Storage:Path</c> (see <see cref="AddSymSqliteStore(IServiceCollection, Action{SqliteSymStoreOptions})"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSymSqliteStore(this IServiceCollection services) => AddStore(services, null);

    /// <summary>
    /// Stores runs, the audit log, identities, timers, the outbox and the inbox in a SQLite file: registers one
    /// <see cref="SqliteSymStore"/> as <see cref="ISymStore"/> and each of its parts (<see cref="ISymRunStore"/>,
    /// <see cref="ISymAuditLog"/>, <see cref="ISymIdentityStore"/>, <see cref="ISymTimerStore"/>, <see cref="ISymOutbox"/>,
    /// <see cref="ISymInbox"/>),
    /// replacing the in-memory store of <c>AddSym</c> whether called before or after it. Options come from the
    /// configuration section <c>Sym:Storage</c> (<c>Path</c>, <c>BusyTimeout</c>) when an <see cref="IConfiguration"/> is
    /// registered, then from <paramref name="configure"/>; they are validated at startup, and a hosted service opens and
    /// migrates the file when the host starts. Calling it again is harmless.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the store; runs after configuration is bound, so its values win.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSymSqliteStore(this IServiceCollection services, Action<SqliteSymStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return AddStore(services, configure);
    }

    private static IServiceCollection AddStore(IServiceCollection services, Action<SqliteSymStoreOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        bool first = !services.Any(static d => d.ServiceType == typeof(SqliteSymStore));
        if (first)
        {
            services.AddOptions<SqliteSymStoreOptions>()
                .Configure<IServiceProvider>(static (options, sp) => sp.GetService<IConfiguration>()?.GetSection(SqliteSymStoreOptions.SectionName).Bind(options))
                .ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteSymStoreOptions>, SqliteSymStoreOptionsValidator>());
            services.AddSingleton(static sp => new SqliteSymStore(
                sp.GetRequiredService<IOptions<SqliteSymStoreOptions>>().Value, sp.GetService<ILogger<SqliteSymStore>>()));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.Replace(ServiceDescriptor.Singleton<ISymStore>(static sp => sp.GetRequiredService<SqliteSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymRunStore>(static sp => sp.GetRequiredService<SqliteSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymAuditLog>(static sp => sp.GetRequiredService<SqliteSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymIdentityStore>(static sp => sp.GetRequiredService<SqliteSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymTimerStore>(static sp => sp.GetRequiredService<SqliteSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymOutbox>(static sp => sp.GetRequiredService<SqliteSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymInbox>(static sp => sp.GetRequiredService<SqliteSymStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteSymStoreInitializer>());
        return services;
    }
}
