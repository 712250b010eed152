using Sym.Sdk.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds the Sym host to an application builder (for example <c>WebApplication.CreateBuilder(args)</c>).</summary>
public static class SymHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the Sym host with the builder's configuration: see
    /// <see cref="Microsoft.Extensions.DependencyInjection.SymHostingServiceCollectionExtensions.AddSymHosting"/>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="configure">Registers strategies and flow implementations configured flows name, or <see langword="null"/>.</param>
    /// <returns>A builder to register strategies and flow implementations.</returns>
    public static SymHostingBuilder AddSymHosting(this IHostApplicationBuilder builder, Action<SymHostingBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Microsoft.Extensions.DependencyInjection.SymHostingServiceCollectionExtensions.AddSymHosting(builder.Services, builder.Configuration, configure);
    }
}
