using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Sym.Sdk.Hosting.Internal.Console;

/// <summary>The console's stylesheet and script, embedded in the assembly (no static files to deploy).</summary>
internal static class ConsoleAssets
{
    private static readonly byte[] CssBytes = Read("console.css");
    private static readonly byte[] ScriptBytes = Read("console.js");

    public static IResult Css(HttpContext http) => Serve(http, CssBytes, "text/css; charset=utf-8");

    public static IResult Script(HttpContext http) => Serve(http, ScriptBytes, "text/javascript; charset=utf-8");

    private static IResult Serve(HttpContext http, byte[] content, string contentType)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(content, contentType);
    }

    private static byte[] Read(string name)
    {
        using Stream stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream($"Sym.Sdk.Hosting.Console.{name}")
            ?? throw new InvalidOperationException($"The console's embedded {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
