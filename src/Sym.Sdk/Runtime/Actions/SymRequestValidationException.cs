namespace Sym.Sdk.Runtime;

/// <summary>
/// A request (or an extension) is invalid (code <c>SymSDK:INVALID_REQUEST</c>): see <see cref="Errors"/> for each field.
/// Nothing was created or changed.
/// </summary>
public sealed class SymRequestValidationException : SymException
{
    /// <summary>The error code this exception carries.</summary>
    public const string Code = SymErrorCodes.InvalidRequest;

    /// <summary>Creates the error.</summary>
    /// <param name="flow">The flow's name.</param>
    /// <param name="errors">At least one field error.</param>
    public SymRequestValidationException(string flow, IReadOnlyList<SymFieldError> errors)
        : base(Code, BuildMessage(flow, errors), "Correct the listed fields and submit the request again.")
    {
        Flow = flow;
        Errors = errors;
    }

    /// <summary>The flow the request was for.</summary>
    public string Flow { get; }

    /// <summary>What is wrong, field by field.</summary>
    public IReadOnlyList<SymFieldError> Errors { get; }

    private static string BuildMessage(string flow, IReadOnlyList<SymFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var parts = new string[errors.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = $"{errors[i].Field}: {errors[i].Message}";
        }

        return $"The request for flow '{flow}' is invalid. {string.Join(" ", parts)}";
    }
}
