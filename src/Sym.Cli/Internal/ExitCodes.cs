namespace Sym.Cli.Internal;

/// <summary>
/// What <c>sym</c> exits with, so scripts can tell failures apart. Listed in the tool's README and its root help; tests
/// assert them, so changing one is a breaking change.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>Anything not listed below (a bug, an answer the tool does not understand).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown command or option, a missing argument, a bad value.</summary>
    public const int Usage = 2;

    /// <summary>Not logged in, or the service refused the key (401).</summary>
    public const int Unauthorized = 3;

    /// <summary>The service refused the action or the read (403).</summary>
    public const int Forbidden = 4;

    /// <summary>No such run (404).</summary>
    public const int NotFound = 5;

    /// <summary>The run is not in a state for this action (409): approving an approved request, revoking an ended one.</summary>
    public const int Conflict = 6;

    /// <summary>The service found the request invalid (400, 413, 414, 415): an unknown flow or target, a bad duration, a missing field.</summary>
    public const int Invalid = 7;

    /// <summary>The service could not be reached, or failed (5xx).</summary>
    public const int Unavailable = 8;
}
