using System.Runtime.CompilerServices;

namespace Sym.Sdk.Integrations.Aws.Signing.Internal;

/// <summary>A SHA-256 value held inline (no array), so a signing result carries its hashes without extra allocations.</summary>
[InlineArray(Length)]
internal struct Sha256Bytes
{
    public const int Length = 32;

    private byte _element0;
}
