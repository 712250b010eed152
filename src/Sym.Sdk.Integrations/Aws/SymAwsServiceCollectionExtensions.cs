using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sym.Sdk.Integrations.Aws;
using Sym.Sdk.Integrations.Aws.Credentials;
using Sym.Sdk.Integrations.Aws.Iam;
using Sym.Sdk.Integrations.Aws.Iam.Internal;
using Sym.Sdk.Integrations.Aws.IdentityStore;
using Sym.Sdk.Integrations.Aws.IdentityStore.Internal;
using Sym.Sdk.Integrations.Aws.Internal;
using Sym.Sdk.Integrations.Aws.Lambda;
using Sym.Sdk.Integrations.Aws.Lambda.Internal;
using Sym.Sdk.Integrations.Aws.Signing;
using Sym.Sdk.Integrations.Aws.Sso;
using Sym.Sdk.Integrations.Aws.Sso.Internal;
using Sym.Sdk.Integrations.Aws.Strategies;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the AWS clients (typed <see cref="HttpClient"/>s signed with SigV4, with retries that honour AWS
/// throttling) and the ready-made AWS strategies. Each client method returns its <see cref="IHttpClientBuilder"/>, so
/// handlers can be added or the primary handler replaced. Calling a method twice is harmless.
/// </summary>
/// <example>
/// <code>
/// services.AddSymAws(o =&gt; { o.Region = "eu-west-1"; o.SsoInstanceArn = "arn:aws:sso:::instance/ssoins-123"; o.IdentityStoreId = "d-123"; });
/// services.AddSymAwsSsoAdmin();
/// services.AddSymAwsIdentityStore();
/// </code>
/// </example>
public static class SymAwsServiceCollectionExtensions
{
    /// <summary>Registers <see cref="AwsOptions"/> (validated at startup), the credentials provider and the clock.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options, or <see langword="null"/> to bind them elsewhere.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddSymAws(this IServiceCollection services, Action<AwsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<AwsOptions> options = services.AddOptions<AwsOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AwsOptions>, AwsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(AwsCredentialsFactory.Create);
        return services;
    }

    /// <summary>Registers <see cref="IIamClient"/> and <see cref="AwsIamGroupStrategy"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures <see cref="AwsOptions"/>, or <see langword="null"/>.</param>
    /// <returns>The IAM client's builder.</returns>
    public static IHttpClientBuilder AddSymAwsIam(this IServiceCollection services, Action<AwsOptions>? configure = null)
    {
        services.AddSymAws(configure);
        services.TryAddTransient<AwsIamGroupStrategy>();
        // IAM is global: one endpoint, signed for us-east-1.
        return AddClient<IIamClient, IamClient>(services, "iam", static _ => "us-east-1", static _ => new Uri("https://iam.amazonaws.com/"));
    }

    /// <summary>
    /// Registers <see cref="ISsoAdminClient"/> (IAM Identity Center) and <see cref="AwsSsoStrategy"/>, which also needs
    /// <see cref="AddSymAwsIdentityStore"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures <see cref="AwsOptions"/>, or <see langword="null"/>.</param>
    /// <returns>The Identity Center client's builder.</returns>
    public static IHttpClientBuilder AddSymAwsSsoAdmin(this IServiceCollection services, Action<AwsOptions>? configure = null)
    {
        services.AddSymAws(configure);
        services.TryAddTransient<AwsSsoStrategy>();
        return AddClient<ISsoAdminClient, SsoAdminClient>(services, "sso", static o => o.Region, static o => new Uri($"https://sso.{o.Region}.amazonaws.com/"));
    }

    /// <summary>Registers <see cref="IIdentityStoreClient"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures <see cref="AwsOptions"/>, or <see langword="null"/>.</param>
    /// <returns>The Identity Store client's builder.</returns>
    public static IHttpClientBuilder AddSymAwsIdentityStore(this IServiceCollection services, Action<AwsOptions>? configure = null)
    {
        services.AddSymAws(configure);
        return AddClient<IIdentityStoreClient, IdentityStoreClient>(
            services, "identitystore", static o => o.Region, static o => new Uri($"https://identitystore.{o.Region}.amazonaws.com/"));
    }

    /// <summary>Registers <see cref="ILambdaClient"/> and <see cref="AwsLambdaStrategy"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures <see cref="AwsOptions"/>, or <see langword="null"/>.</param>
    /// <returns>The Lambda client's builder.</returns>
    public static IHttpClientBuilder AddSymAwsLambda(this IServiceCollection services, Action<AwsOptions>? configure = null)
    {
        services.AddSymAws(configure);
        services.TryAddTransient<AwsLambdaStrategy>();
        return AddClient<ILambdaClient, LambdaClient>(services, "lambda", static o => o.Region, static o => new Uri($"https://lambda.{o.Region}.amazonaws.com/"));
    }

    private static IHttpClientBuilder AddClient<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(
        IServiceCollection services, string service, Func<AwsOptions, string> signingRegion, Func<AwsOptions, Uri> endpoint)
        where TClient : class
        where TImplementation : class, TClient
    {
        IHttpClientBuilder builder = services.AddHttpClient<TClient, TImplementation>((provider, http) =>
            http.BaseAddress = endpoint(provider.GetRequiredService<IOptions<AwsOptions>>().Value));

        // Retries wrap signing, so every attempt is signed afresh.
        builder.AddResilienceHandler($"sym-aws-{service}", (pipeline, context) => AwsResilience.Configure(
            pipeline,
            context.ServiceProvider.GetRequiredService<IOptions<AwsOptions>>().Value,
            context.ServiceProvider.GetRequiredService<TimeProvider>()));
        builder.AddHttpMessageHandler(provider => new AwsSigV4Handler(
            provider.GetRequiredService<IAwsCredentialsProvider>(),
            signingRegion(provider.GetRequiredService<IOptions<AwsOptions>>().Value),
            service,
            provider.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
