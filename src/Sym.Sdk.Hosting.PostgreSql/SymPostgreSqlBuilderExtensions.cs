using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sym.Sdk.Hosting;
using Sym.Sdk.Hosting.PostgreSql;
using Sym.Sdk.Hosting.PostgreSql.Internal;
using Sym.Sdk;
using Sym.Sdk.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Plugs the PostgreSQL store of Sym.Sdk.Hosting.PostgreSql, or the store configuration names, into Sym, the way every
/// pluggable part is plugged in: <c>services.AddSym().UsePostgreSqlStore(connectionString)</c>, or
/// <c>builder.AddSymHosting(sym =&gt; sym.UseConfiguredStore(builder.Configuration))</c>.
/// </summary>
public static class SymPostgreSqlBuilderExtensions
{
    /// <summary>
    /// Stores everything the engine keeps in the PostgreSQL database of <paramref name="connectionString"/> (see
    /// <see cref="UsePostgreSqlStore(SymBuilder, Action{PostgreSqlSymStoreOptions})"/>).
    /// </summary>
    /// <param name="builder">The builder <c>AddSym</c> returned.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    public static SymBuilder UsePostgreSqlStore(this SymBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.UsePostgreSqlStore(o => o.ConnectionString = connectionString);
    }

    /// <summary>
    /// Stores everything the engine keeps in the PostgreSQL database named by the configuration key
    /// <c>Sym:Storage:ConnectionString</c> (see <see cref="UsePostgreSqlStore(SymBuilder, Action{PostgreSqlSymStoreOptions})"/>).
    /// </summary>
    /// <param name="builder">The builder <c>AddSym</c> returned.</param>
    /// <returns>The builder.</returns>
    public static SymBuilder UsePostgreSqlStore(this SymBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddStore(builder.Services, null);
        return builder;
    }

    /// <summary>
    /// Stores runs, the audit log, identities, timers, the outbox and the inbox in PostgreSQL, for one host or several sharing
    /// the database: registers one <see cref="PostgreSqlSymStore"/> as <see cref="ISymStore"/> and each of its parts,
    /// replacing the in-memory store of <c>AddSym</c> (or a SQLite store). Options come
    /// from the configuration section <c>Sym:Storage</c> (<c>ConnectionString</c>, <c>Schema</c>,
    /// <c>TransientRetryTimeout</c>, <c>CommandTimeout</c>) when an <see cref="IConfiguration"/> is registered, then from
    /// <paramref name="configure"/>; they are validated at startup, and a hosted service connects and migrates the schema
    /// (under an advisory lock) when the host starts. Unless <c>Sym:Engine:SchedulerJitter</c> is configured, each host's
    /// scheduler waits a quarter of its interval more or less at random, so hosts do not poll together. Calling it again
    /// is harmless.
    /// </summary>
    /// <param name="builder">The builder <c>AddSym</c> returned.</param>
    /// <param name="configure">Configures the store; runs after configuration is bound, so its values win.</param>
    /// <returns>The builder.</returns>
    public static SymBuilder UsePostgreSqlStore(this SymBuilder builder, Action<PostgreSqlSymStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        AddStore(builder.Services, configure);
        return builder;
    }

    /// <summary>
    /// Uses the store <c>Sym:Storage:Provider</c> names: <c>sqlite</c> (the default when it is not set: the embedded
    /// store of Sym.Sdk.Hosting, in <c>Sym:Storage:Path</c>) or <c>postgres</c> (this package's, on
    /// <c>Sym:Storage:ConnectionString</c>), so one program runs on either without code changes.
    /// </summary>
    /// <param name="builder">The builder <c>AddSym</c> returned.</param>
    /// <param name="configuration">The app's configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="SymException"><c>Storage:UNKNOWN_PROVIDER</c>: the provider is neither.</exception>
    public static SymBuilder UseConfiguredStore(this SymBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        string? provider = configuration[SymStorageProviders.ProviderKey];
        if (SymStorageProviders.IsPostgreSql(provider))
        {
            return builder.UsePostgreSqlStore();
        }

        if (SymStorageProviders.IsSqlite(provider))
        {
            return builder.UseSqliteStore();
        }

        throw new SymException("Storage:UNKNOWN_PROVIDER",
            $"Sym:Storage:Provider is '{provider}', which is not a Sym store.",
            "Set it to 'sqlite' (one machine: Sym:Storage:Path) or 'postgres' (one or several hosts: Sym:Storage:ConnectionString).");
    }

    /// <inheritdoc cref="UsePostgreSqlStore(SymBuilder, string)"/>
    /// <param name="builder">The builder <c>AddSymHosting</c> hands its callback.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    public static SymHostingBuilder UsePostgreSqlStore(this SymHostingBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Sym.UsePostgreSqlStore(connectionString);
        return builder;
    }

    /// <inheritdoc cref="UsePostgreSqlStore(SymBuilder)"/>
    /// <param name="builder">The builder <c>AddSymHosting</c> hands its callback.</param>
    public static SymHostingBuilder UsePostgreSqlStore(this SymHostingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Sym.UsePostgreSqlStore();
        return builder;
    }

    /// <inheritdoc cref="UsePostgreSqlStore(SymBuilder, Action{PostgreSqlSymStoreOptions})"/>
    /// <param name="builder">The builder <c>AddSymHosting</c> hands its callback.</param>
    /// <param name="configure">Configures the store; runs after configuration is bound, so its values win.</param>
    public static SymHostingBuilder UsePostgreSqlStore(this SymHostingBuilder builder, Action<PostgreSqlSymStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Sym.UsePostgreSqlStore(configure);
        return builder;
    }

    /// <inheritdoc cref="UseConfiguredStore(SymBuilder, IConfiguration)"/>
    /// <param name="builder">The builder <c>AddSymHosting</c> hands its callback.</param>
    /// <param name="configuration">The app's configuration.</param>
    public static SymHostingBuilder UseConfiguredStore(this SymHostingBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Sym.UseConfiguredStore(configuration);
        return builder;
    }

    private static void AddStore(IServiceCollection services, Action<PostgreSqlSymStoreOptions>? configure)
    {
        bool first = !services.Any(static d => d.ServiceType == typeof(PostgreSqlSymStore));
        if (first)
        {
            services.AddOptions<PostgreSqlSymStoreOptions>()
                .Configure<IServiceProvider>(static (options, sp) => sp.GetService<IConfiguration>()?.GetSection(PostgreSqlSymStoreOptions.SectionName).Bind(options))
                .ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlSymStoreOptions>, PostgreSqlSymStoreOptionsValidator>());
            services.AddSingleton(static sp => new PostgreSqlSymStore(
                sp.GetRequiredService<IOptions<PostgreSqlSymStoreOptions>>().Value, sp.GetService<ILogger<PostgreSqlSymStore>>(), sp.GetService<TimeProvider>()));

            // Several hosts poll one database: spread their polls (unless the engine's jitter is configured).
            services.AddOptions<SymOptions>().PostConfigure<IServiceProvider>(static (options, sp) =>
            {
                if (options.SchedulerJitter == TimeSpan.Zero && sp.GetService<IConfiguration>()?["Sym:Engine:SchedulerJitter"] is null)
                {
                    options.SchedulerJitter = options.SchedulerInterval / 4;
                }
            });
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.Replace(ServiceDescriptor.Singleton<ISymStore>(static sp => sp.GetRequiredService<PostgreSqlSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymRunStore>(static sp => sp.GetRequiredService<PostgreSqlSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymAuditLog>(static sp => sp.GetRequiredService<PostgreSqlSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymIdentityStore>(static sp => sp.GetRequiredService<PostgreSqlSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymTimerStore>(static sp => sp.GetRequiredService<PostgreSqlSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymOutbox>(static sp => sp.GetRequiredService<PostgreSqlSymStore>()));
        services.Replace(ServiceDescriptor.Singleton<ISymInbox>(static sp => sp.GetRequiredService<PostgreSqlSymStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlSymStoreInitializer>());
    }
}
