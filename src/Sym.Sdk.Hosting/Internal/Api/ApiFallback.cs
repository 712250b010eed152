using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>
/// What the API answers outside its routes, in problem+json like everything else it answers: 404 for a path it does not
/// have, 405 (with <c>Allow</c>) for a method a path does not take, 414 for a URL over <see cref="SymApiOptions.MaxUrlLength"/>.
/// The framework would answer all three without a body.
/// </summary>
internal static class ApiFallback
{
    /// <summary>Maps the catch-all under the group: matched only when no API route takes the path and method.</summary>
    public static void Map(RouteGroupBuilder group) =>
        group.Map("{**path}", AnswerAsync).WithMetadata(Fallback.Instance).Add(static b => ((RouteEndpointBuilder)b).Order = int.MaxValue);

    /// <summary>An endpoint filter: a URL over the limit answers 414 before the endpoint runs.</summary>
    public static ValueTask<object?> LimitUrlAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        HttpContext http = context.HttpContext;
        int max = http.RequestServices.GetRequiredService<IOptions<SymApiOptions>>().Value.MaxUrlLength;
        int length = UrlLength(http);
        return length > max
            ? new(ApiProblems.Problem(StatusCodes.Status414UriTooLong, "The URL is too long.",
                $"The API takes URLs of at most {max} characters (Sym:Api:MaxUrlLength); this one has {length}.", "SymApi:URL_TOO_LONG"))
            : next(context);
    }

    private static Task AnswerAsync(HttpContext http)
    {
        string[] allowed = AllowedMethods(http);
        if (allowed.Length == 0)
        {
            return ApiProblems.Write(http, StatusCodes.Status404NotFound, "No such endpoint.",
                "The API has no endpoint at this path.", "SymApi:NOT_FOUND");
        }

        http.Response.Headers[HeaderNames.Allow] = string.Join(", ", allowed);
        return ApiProblems.Write(http, StatusCodes.Status405MethodNotAllowed, "Method not allowed.",
            $"This endpoint takes {string.Join(" or ", allowed)}.", "SymApi:METHOD_NOT_ALLOWED");
    }

    /// <summary>The methods the API's own routes take at this path (empty when none matches it).</summary>
    private static string[] AllowedMethods(HttpContext http)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        PathString path = http.Request.Path;
        foreach (Endpoint endpoint in http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint is RouteEndpoint route
                && route.Metadata.GetMetadata<SymApiEndpointMetadata>() is not null
                && route.Metadata.GetMetadata<Fallback>() is null
                && route.Metadata.GetMetadata<IHttpMethodMetadata>() is { } verbs
                && new TemplateMatcher(new RouteTemplate(route.RoutePattern), new RouteValueDictionary()).TryMatch(path, new RouteValueDictionary()))
            {
                methods.UnionWith(verbs.HttpMethods);
            }
        }

        return [.. methods];
    }

    /// <summary>The URL as sent (the raw request target) where the server keeps it, else its path and query.</summary>
    private static int UrlLength(HttpContext http) =>
        http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw.Length
            : (http.Request.PathBase.Value?.Length ?? 0) + (http.Request.Path.Value?.Length ?? 0) + (http.Request.QueryString.Value?.Length ?? 0);

    /// <summary>Marks the catch-all, so it is not counted among the routes that take a path.</summary>
    private sealed class Fallback
    {
        public static readonly Fallback Instance = new();
    }
}
