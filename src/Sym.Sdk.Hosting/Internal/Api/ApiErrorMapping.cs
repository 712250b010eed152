using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sym.Sdk.Runtime;
using Sym.Sdk.Hosting.Storage;

namespace Sym.Sdk.Hosting.Internal.Api;

/// <summary>
/// The endpoint filter that maps the engine's typed errors to problem answers: invalid requests 400 with field errors, a
/// missing run 404, a concurrent change (or an access action on an approval-only flow's run) 409, the store unavailable 503, anything else 500 without its message (logged
/// whole, under the <see cref="ApiEndpoints"/> category).
/// </summary>
internal static class ApiErrorMapping
{
    /// <summary>Maps the engine's typed errors to problem answers.</summary>
    public static async ValueTask<object?> MapErrorsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (SymRequestValidationException ex)
        {
            var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (SymFieldError e in ex.Errors)
            {
                if (!errors.TryGetValue(e.Field, out List<string>? list))
                {
                    errors[e.Field] = list = [];
                }

                list.Add(e.Message);
            }

            return ApiProblems.Validation(errors.ToDictionary(static kv => kv.Key, static kv => kv.Value.ToArray(), StringComparer.Ordinal), ex.Message, ex.ErrorCode);
        }
        catch (SymNotFoundException ex) when (ex.ErrorCode == SymErrorCodes.RunNotFound)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "No such run.", ex.Message, ex.ErrorCode);
        }
        catch (SymException ex) when (ex.ErrorCode == SymErrorCodes.NoAccessGranted)
        {
            // Revoke, relinquish or extend on an approval-only flow's run: it granted nothing.
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "The request granted no access.", ex.Message, ex.ErrorCode);
        }
        catch (SymException ex) when (ex.ErrorCode == SymErrorCodes.RunConflict)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "The run changed concurrently.", ex.Message, ex.ErrorCode);
        }
        catch (SymException ex) when (ex.ErrorCode.StartsWith("Storage:", StringComparison.Ordinal))
        {
            // The store's message names its file and the operation: the log gets it, the caller gets the code.
            LogFailure(context.HttpContext, ex);
            IResult problem = ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "The store is unavailable.",
                "The Sym store could not complete the request. Try again later; a decision that was already applied answers 409.", ex.ErrorCode);
            return ex.ErrorCode == SymStorageErrorCodes.Busy ? new ApiHeaderResult(problem, "Retry-After", "1") : problem;
        }
        catch (BadHttpRequestException ex)
        {
            // The server's own refusal of what it was sent (a body cut short, too slow, over its limit): its status, never
            // its exception, which error pages would show with the caller's headers.
            return ApiProblems.Problem(ex.StatusCode, "The request could not be read.",
                "The server could not read the request as sent.", "SymApi:BAD_REQUEST");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else (a custom store's own exception, a bug): logged whole, answered without its message, which
            // may carry internals.
            LogFailure(context.HttpContext, ex);
            return ApiProblems.Problem(StatusCodes.Status500InternalServerError, "The request failed.",
                "The server failed while handling the request; the error is in its log.", "SymApi:INTERNAL_ERROR");
        }
    }

    private static void LogFailure(HttpContext http, Exception exception) =>
        HostingLog.ApiFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiEndpoints)), exception, http.Request.Path);
}
