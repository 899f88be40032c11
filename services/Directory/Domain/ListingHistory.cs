namespace DirectoryService.Domain;

public enum ChangeKind { NewListing, Edit }

public enum ChangeDecision { Pending, Approved, Rejected }

/// <summary>
/// A provider's proposed new listing or material edit, waiting in the curators' moderation queue.
/// The proposal is stored whole (as JSON of <see cref="ServiceDetails"/>) so approving applies exactly what was seen.
/// </summary>
public sealed class ListingChange
{
    public Guid Id { get; private set; }
    public Guid ServiceId { get; private set; }
    public ChangeKind Kind { get; private set; }
    public string ProposedDetailsJson { get; private set; } = "";
    public string ProposedBy { get; private set; } = "";
    public DateTimeOffset ProposedAt { get; private set; }
    public ChangeDecision Decision { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionNote { get; private set; }
    /// <summary>
    /// The fields an edit carries, which approving it applies; null for a provider's proposal, which carries the
    /// material fields (the others applied at once).
    /// </summary>
    public List<string>? CarriedFields { get; private set; }
    /// <summary>
    /// An import's proposal: the publisher's own taxonomy terms it carries (oruk_publisher_terms ids). Its details hold
    /// only the hub terms the feed named itself; these are mapped when the proposal is shown or approved, so a term a
    /// curator maps after the import is applied too.
    /// </summary>
    public List<Guid>? PublisherTermIds { get; private set; }

    private ListingChange() { }

    public ListingChange(Guid id, Guid serviceId, ChangeKind kind, string proposedDetailsJson, string proposedBy, DateTimeOffset at,
        IEnumerable<string>? carriedFields = null, IEnumerable<Guid>? publisherTermIds = null)
    {
        CarriedFields = carriedFields?.ToList();
        PublisherTermIds = publisherTermIds?.ToList();
        Id = id;
        ServiceId = serviceId;
        Kind = kind;
        ProposedDetailsJson = proposedDetailsJson;
        ProposedBy = proposedBy;
        ProposedAt = at;
        Decision = ChangeDecision.Pending;
    }

    public IReadOnlyCollection<string> FieldsCarried => CarriedFields ?? [.. ServiceDetails.MaterialFields];

    public void Decide(bool approve, string by, string? note, DateTimeOffset at)
    {
        if (Decision != ChangeDecision.Pending)
            throw new BuildingBlocks.Web.ConflictException($"This change was already {Decision.ToString().ToLowerInvariant()}.");
        Decision = approve ? ChangeDecision.Approved : ChangeDecision.Rejected;
        DecidedBy = by;
        DecisionNote = note;
        DecidedAt = at;
    }
}

/// <summary>One entry of a listing's version history: who changed what, when (a snapshot after the change).</summary>
public sealed class ServiceVersion
{
    public Guid Id { get; private set; }
    public Guid ServiceId { get; private set; }
    public int Version { get; private set; }
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }
    public string Summary { get; private set; } = "";
    public string SnapshotJson { get; private set; } = "";

    private ServiceVersion() { }

    public ServiceVersion(Guid serviceId, int version, string changedBy, DateTimeOffset at, string summary, string snapshotJson)
    {
        Id = Guid.CreateVersion7();
        ServiceId = serviceId;
        Version = version;
        ChangedBy = changedBy;
        ChangedAt = at;
        Summary = summary;
        SnapshotJson = snapshotJson;
    }
}
