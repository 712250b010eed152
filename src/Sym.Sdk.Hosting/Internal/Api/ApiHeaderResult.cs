using Microsoft.AspNetCore.Http;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>A result with one more response header (<c>Location</c>, <c>Retry-After</c>).</summary>
internal sealed class ApiHeaderResult(IResult inner, string name, string value) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers[name] = value;
        return inner.ExecuteAsync(httpContext);
    }
}
