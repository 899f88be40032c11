namespace DirectoryService.Domain;

/// <summary>
/// A crisis a curator declared: which listings it covers (its scope, in words for the public banner), the public note
/// and alternative they carry, who declared it, and its planned end, when its listings are reinstated automatically.
/// It lasts until it ends (planned end reached, or a curator ends it), and the search and listing pages show its banner
/// while it lasts.
/// </summary>
public sealed class Crisis
{
    public Guid Id { get; private set; }
    /// <summary>What it covers, as the banner says it ("Everything in the area", "Cosham ward, lunch clubs").</summary>
    public string Scope { get; private set; } = "";
    public string PublicNote { get; private set; } = "";
    public string? Alternative { get; private set; }
    public string StartedBy { get; private set; } = "";
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? PlannedEnd { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndedBy { get; private set; }
    /// <summary>How many listings it suspended when declared.</summary>
    public int ListingCount { get; private set; }

    private Crisis() { }

    public Crisis(Guid id, string scope, string publicNote, string? alternative, string startedBy, DateTimeOffset at,
        DateTimeOffset? plannedEnd, int listingCount)
    {
        Id = id;
        Scope = scope;
        PublicNote = publicNote;
        Alternative = alternative;
        StartedBy = startedBy;
        StartedAt = at;
        PlannedEnd = plannedEnd;
        ListingCount = listingCount;
    }

    public bool IsCurrent(DateTimeOffset now) => EndedAt is null && (PlannedEnd is not { } end || end > now);

    public bool IsDueToEnd(DateTimeOffset now) => EndedAt is null && PlannedEnd is { } end && end <= now;

    /// <summary>Ends it once; false when it had already ended (so a second sweep or a second click changes nothing).</summary>
    public bool End(DateTimeOffset at, string by)
    {
        if (EndedAt is not null) return false;
        EndedAt = at;
        EndedBy = by;
        return true;
    }
}
