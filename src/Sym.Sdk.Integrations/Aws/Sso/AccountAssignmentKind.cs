namespace Sym.Sdk.Integrations.Aws.Sso;

/// <summary>Which kind of account assignment operation is being waited for.</summary>
public enum AccountAssignmentKind
{
    /// <summary>A <c>CreateAccountAssignment</c>.</summary>
    Creation = 0,

    /// <summary>A <c>DeleteAccountAssignment</c>.</summary>
    Deletion = 1,
}
