using Sym.Sdk.Runtime;

namespace Sym.Sdk.FrontEnds;

/// <summary>
/// What <see cref="SymEngine.ValidateRequest"/> found: the request's errors field by field, or none. Nothing was
/// created either way.
/// </summary>
public sealed record RequestValidationResult
{
    /// <summary>The flow the request named.</summary>
    public required string Flow { get; init; }

    /// <summary>
    /// What is wrong, field by field: a prompt field's name, or <c>flow</c> (no such flow), <c>target</c>,
    /// <c>duration</c>, <c>reason</c>, <c>source</c>, <c>requester</c>. Empty when the request is valid.
    /// </summary>
    public IReadOnlyList<SymFieldError> Errors { get; init; } = [];

    /// <summary>Whether the request is valid: <see cref="SymEngine.RequestAsync"/> will not reject its input.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>The errors of <paramref name="field"/>, in the order found.</summary>
    /// <param name="field">The field's name.</param>
    /// <returns>Their messages; empty when the field is valid.</returns>
    public IEnumerable<string> ErrorsFor(string field) => Errors.Where(e => e.Field == field).Select(static e => e.Message);
}
