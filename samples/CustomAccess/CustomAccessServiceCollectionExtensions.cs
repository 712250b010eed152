using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomAccess;

/// <summary>Registers the custom access flow, its strategy and the access API client: the same call in tests and in a host.</summary>
public static class CustomAccessServiceCollectionExtensions
{
    /// <summary>
    /// Adds flow <c>custom_access</c> (its definition bound from <c>Sym:Flows:custom_access</c>), the
    /// <see cref="CustomAccessStrategy"/>, and the access API client (options from section <c>CustomAccess</c>, validated at
    /// startup). Slack (<c>ISlackClient</c>) is registered by the host, or replaced by a fake in tests.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The app's configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCustomAccess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(configuration);
        services.AddOptions<CustomAccessOptions>().Bind(configuration.GetSection(CustomAccessOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(CustomAccessStrategy.HttpClientName, static (sp, http) =>
        {
            CustomAccessOptions options = sp.GetRequiredService<IOptions<CustomAccessOptions>>().Value;
            http.BaseAddress = options.ApiBaseAddress;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiToken);
        });
        services.AddLogging();
        services.AddSym().AddFlow<CustomAccessFlow>(CustomAccessFlow.Name, flow => flow
            .UseStrategy<CustomAccessStrategy>()
            .Bind(configuration.GetSection($"Sym:Flows:{CustomAccessFlow.Name}")));
        return services;
    }
}
