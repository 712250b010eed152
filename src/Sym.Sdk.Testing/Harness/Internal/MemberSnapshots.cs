namespace Sym.Sdk.Testing.Harness.Internal;

/// <summary>
/// Snapshots and restores a fake's memberships — one collection of member ids per group, channel or user group — for
/// <see cref="SymFlowHarness.Reset"/>. A snapshot holds arrays of its own, never the live collections; a restore refills
/// the live collections in place (the fakes never hand them out), so it allocates only for groups a story added or
/// dropped. Call both under the fake's lock.
/// </summary>
internal static class MemberSnapshots
{
    /// <summary>Copies every group's members.</summary>
    public static KeyValuePair<string, string[]>[] Capture<TMembers>(Dictionary<string, TMembers> live)
        where TMembers : IEnumerable<string>
    {
        var snapshot = new KeyValuePair<string, string[]>[live.Count];
        int i = 0;
        foreach (KeyValuePair<string, TMembers> group in live)
        {
            snapshot[i++] = KeyValuePair.Create(group.Key, group.Value.ToArray());
        }

        return snapshot;
    }

    /// <summary>Makes <paramref name="live"/> hold exactly the snapshot's groups and members again.</summary>
    public static void Restore<TMembers>(Dictionary<string, TMembers> live, KeyValuePair<string, string[]>[] snapshot, Func<string[], TMembers> create)
        where TMembers : ICollection<string>
    {
        foreach (KeyValuePair<string, string[]> group in snapshot)
        {
            if (live.TryGetValue(group.Key, out TMembers? members))
            {
                members.Clear();
                foreach (string member in group.Value)
                {
                    members.Add(member);
                }
            }
            else
            {
                live.Add(group.Key, create(group.Value));
            }
        }

        if (live.Count > snapshot.Length)
        {
            var kept = new HashSet<string>(snapshot.Select(static g => g.Key), live.Comparer);
            foreach (string added in live.Keys.Where(key => !kept.Contains(key)).ToList())
            {
                live.Remove(added);
            }
        }
    }
}
