using Microsoft.AspNetCore.Http;

namespace Sym.Sdk.Hosting.Internal;

/// <summary>The API's error answers: RFC 9457 problem details (<c>application/problem+json</c>) with Sym's error code.</summary>
internal static class ApiProblems
{
    public static IResult Problem(int status, string title, string detail, string code) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: new Dictionary<string, object?>(1) { ["code"] = code });

    public static IResult Validation(IDictionary<string, string[]> errors, string detail, string code = SymErrorCodes.InvalidRequest) =>
        TypedResults.ValidationProblem(errors, detail, title: "The request is invalid.", extensions: new Dictionary<string, object?>(1) { ["code"] = code });

    public static Task Write(HttpContext context, int status, string title, string detail, string code) =>
        Problem(status, title, detail, code).ExecuteAsync(context);
}
