using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DirectoryService.Search.Telemetry;

/// <summary>
/// One search, for unmet-need analytics. No personal data: only the query words the directory itself uses (words
/// not in the index vocabulary or synonym list are counted, not kept, since free text can hold names), the filters
/// chosen, the area as outcode and ward (never the full postcode or coordinates) and how many results came back.
/// </summary>
public sealed class SearchQueryLog
{
    public const int MaxFiltersLength = 1000;

    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string? Terms { get; private set; }
    public int UnknownWords { get; private set; }

    /// <summary>
    /// How many of the typed words the answer said nothing was found for ("Nothing for sailing"): with
    /// <see cref="ZeroResults"/>, what makes the search a miss someone may tell the hub about.
    /// </summary>
    public int WordsSaidBack { get; private set; }
    public string? Filters { get; private set; }
    public string? Outcode { get; private set; }
    public string? Ward { get; private set; }
    public int ResultCount { get; private set; }
    public bool ZeroResults { get; private set; }

    private SearchQueryLog() { }

    public SearchQueryLog(Guid id, DateTimeOffset at, string? terms, int unknownWords, string? filters, string? outcode, string? ward, int resultCount,
        int wordsSaidBack)
    {
        Id = id;
        At = at;
        Terms = terms;
        UnknownWords = unknownWords;
        // Filters this long only come from hand-made URLs (free-text values); kept, they would fail the whole batch.
        Filters = filters is { Length: > MaxFiltersLength } ? null : filters;
        Outcode = outcode;
        Ward = ward;
        ResultCount = resultCount;
        ZeroResults = resultCount == 0;
        WordsSaidBack = wordsSaidBack;
    }
}

internal sealed class SearchQueryLogConfiguration : IEntityTypeConfiguration<SearchQueryLog>
{
    public void Configure(EntityTypeBuilder<SearchQueryLog> log)
    {
        log.ToTable("search_query_logs");
        log.Property(l => l.Id).ValueGeneratedNever();
        log.Property(l => l.Terms).HasMaxLength(200);
        log.Property(l => l.Filters).HasMaxLength(SearchQueryLog.MaxFiltersLength);
        log.Property(l => l.Outcode).HasMaxLength(4);
        log.Property(l => l.Ward).HasMaxLength(100);
        log.HasIndex(l => new { l.At, l.ZeroResults });
    }
}
