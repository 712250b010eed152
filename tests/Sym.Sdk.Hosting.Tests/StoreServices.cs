using Microsoft.Extensions.DependencyInjection;
using Sym.Sdk.Runtime;

namespace Sym.Sdk.Hosting.Tests;

/// <summary>Registers one store as the engine's store and each of its parts, ahead of the host's registrations.</summary>
internal static class StoreServices
{
    public static IServiceCollection AddStore(this IServiceCollection services, ISymStore store)
    {
        services.AddSingleton(store);
        services.AddSingleton<ISymRunStore>(store);
        services.AddSingleton<ISymAuditLog>(store);
        services.AddSingleton<ISymTimerStore>(store);
        services.AddSingleton<ISymIdentityStore>(store);
        services.AddSingleton<ISymOutbox>(store);
        services.AddSingleton<ISymInbox>(store);
        return services;
    }
}
