namespace Sym.Sdk.Templates;

/// <summary>Template-independent step results.</summary>
public static class Template
{
    /// <summary>
    /// Cancel the incoming event: nothing changes, the attempt is audited, and the actor is told
    /// <paramref name="message"/>. For example, from <c>OnApproveAsync</c>, to reject an approver.
    /// </summary>
    /// <param name="message">What to tell the actor.</param>
    /// <returns>The step result.</returns>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty.</exception>
    public static TemplateStep Ignore(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return new TemplateStep(null, null, message);
    }
}
