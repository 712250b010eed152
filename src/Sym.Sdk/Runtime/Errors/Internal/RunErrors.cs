namespace Sym.Sdk.Runtime.Internal;

/// <summary>
/// Keeps <see cref="SymRun.Errors"/> bounded: the first <see cref="FirstKept"/> errors (how it started going wrong) and
/// the last <see cref="LastKept"/> (how it is going now); the ones between are counted in
/// <see cref="SymRun.DroppedErrorCount"/>. A deescalate that fails for days is retried for days, and each failure is
/// still audited and reported; only the run's own copy is bounded.
/// </summary>
internal static class RunErrors
{
    public const int FirstKept = 10;
    public const int LastKept = 40;
    public const int Capacity = FirstKept + LastKept;

    /// <summary>The run with <paramref name="error"/> recorded, dropping the oldest of the recent errors when full.</summary>
    public static SymRun Append(SymRun run, SymRunError error)
    {
        IReadOnlyList<SymRunError> errors = run.Errors;
        if (errors.Count < Capacity)
        {
            return run with { Errors = CopyOnWrite.Append(errors, error) };
        }

        // Full: keep the first errors, shift the recent window by one (losing its oldest), append the new one.
        var kept = new SymRunError[Capacity];
        for (int i = 0; i < FirstKept; i++)
        {
            kept[i] = errors[i];
        }

        int dropped = errors.Count - Capacity + 1;
        for (int i = FirstKept; i < Capacity - 1; i++)
        {
            kept[i] = errors[i + dropped];
        }

        kept[^1] = error;
        return run with { Errors = kept, DroppedErrorCount = run.DroppedErrorCount + dropped };
    }
}
