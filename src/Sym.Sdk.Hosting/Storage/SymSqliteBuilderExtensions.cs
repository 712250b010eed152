using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk;
using Sym.Sdk.Hosting;
using Sym.Sdk.Hosting.Storage;
using Sym.Sdk.Hosting.Storage.Internal;
using Sym.Sdk.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Plugs the durable SQLite store of Sym.Sdk.Hosting into Sym, the way every pluggable part is plugged in:
/// <c>services.AddSym().UseSqliteStore("sym.db")</c>, or <c>builder.AddSymHosting(sym =&gt; sym.UseSqliteStore())</c>.
/// </summary>
public static class SymSqliteBuilderExtensions
{
    /// <summary>
    /// Stores runs, the audit log, identities and timers in the SQLite file at <paramref name="path"/> (see
    /// <see cref="UseSqliteStore(SymBuilder, Action{SqliteSymStoreOptions})"/>).
    /// </summary>
    /// <param name="builder">The builder <c>AddSym</c> returned.</param>
    /// <param name="path">The database file, for example <c>sym.db</c>; created when missing.</param>
    /// <returns>The builder.</returns>
    public static SymBuilder UseSqliteStore(this SymBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return builder.UseSqliteStore(o => o.Path = path);
    }

    /// <summary>
    /// Stores runs, the audit log, identities and timers in the SQLite file named by the configuration key
    /// <c>Sym:Storage:Path</c> (see <see cref="UseSqliteStore(SymBuilder, Action{SqliteSymStoreOptions})"/>).
    /// </summary>
    /// <param name="builder">The builder <c>AddSym</c> returned.</param>
    /// <returns>The builder.</returns>
    public static SymBuilder UseSqliteStore(this SymBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddStore(builder.Services, null);
        return builder;
    }

    /// <summary>
    /// Stores runs, the audit log, identities, timers, the outbox and the inbox in a SQLite file: registers one
    /// <see cref="SqliteSymStore"/> as <see cref="ISymStore"/> and each of its parts (<see cref="ISymRunStore"/>,
    /// <see cref="ISymAuditLog"/>, <see cref="ISymIdentityStore"/>, <see cref="ISymTimerStore"/>, <see cref="ISymOutbox"/>,
    /// <see cref="ISymInbox"/>), replacing the in-memory store of <c>AddSym</c>. Options come from the
    /// configuration section <c>Sym:Storage</c> (<c>Path</c>, <c>BusyTimeout</c>) when an <see cref="IConfiguration"/> is
    /// registered, then from <paramref name="configure"/>; they are validated at startup, and a hosted service opens and
    /// migrates the file when the host starts. Calling it again is harmless.
    /// </summary>
    /// <param name="builder">The builder <c>AddSym</c> returned.</param>
    /// <param name="configure">Configures the store; runs after configuration is bound, so its values win.</param>
    /// <returns>The builder.</returns>
    public static SymBuilder UseSqliteStore(this SymBuilder builder, Action<SqliteSymStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddStore(builder.Services, configure);
        return builder;
    }

    /// <inheritdoc cref="UseSqliteStore(SymBuilder, string)"/>
    /// <param name="builder">The builder <c>AddSymHosting</c> hands its callback.</param>
    /// <param name="path">The database file, for example <c>sym.db</c>; created when missing.</param>
    public static SymHostingBuilder UseSqliteStore(this SymHostingBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Sym.UseSqliteStore(path);
        return builder;
    }

    /// <inheritdoc cref="UseSqliteStore(SymBuilder)"/>
    /// <param name="builder">The builder <c>AddSymHosting</c> hands its callback.</param>
    public static SymHostingBuilder UseSqliteStore(this SymHostingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Sym.UseSqliteStore();
        return builder;
    }

    /// <inheritdoc cref="UseSqliteStore(SymBuilder, Action{SqliteSymStoreOptions})"/>
    /// <param name="builder">The builder <c>AddSymHosting</c> hands its callback.</param>
    /// <param name="configure">Configures the store; runs after configuration is bound, so its values win.</param>
    public static SymHostingBuilder UseSqliteStore(this SymHostingBuilder builder, Action<SqliteSymStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Sym.UseSqliteStore(configure);
        return builder;
    }

    private static void AddStore(IServiceCollection services, Action<SqliteSymStoreOptions>? configure)
    {
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
    }
}
