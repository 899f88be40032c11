using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// Where an imported record came from: the publisher's feed and the record's id there, the local row it became, and
/// a hash of the JSON last imported, so a re-import can tell created from changed from unchanged and never duplicates.
/// </summary>
public sealed class ImportedRecord
{
    public const string ServiceKind = "service";
    public const string OrganisationKind = "organization";
    public const string LocationKind = "location";

    public Guid Id { get; private set; }
    public string Publisher { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string ExternalId { get; private set; } = "";
    public Guid LocalId { get; private set; }
    public string ContentHash { get; private set; } = "";
    public DateTimeOffset ImportedAt { get; private set; }

    private ImportedRecord() { }

    public ImportedRecord(string publisher, string kind, string externalId, Guid localId, string contentHash, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        Publisher = publisher;
        Kind = kind;
        ExternalId = externalId;
        LocalId = localId;
        ContentHash = contentHash;
        ImportedAt = at;
    }

    public void Refresh(Guid localId, string contentHash, DateTimeOffset at)
    {
        LocalId = localId;
        ContentHash = contentHash;
        ImportedAt = at;
    }
}

internal sealed class ImportedRecordConfiguration : IEntityTypeConfiguration<ImportedRecord>
{
    public void Configure(EntityTypeBuilder<ImportedRecord> record)
    {
        record.ToTable("oruk_imported_records");
        record.Property(r => r.Id).ValueGeneratedNever();
        record.Property(r => r.Publisher).HasMaxLength(300);
        record.Property(r => r.Kind).HasMaxLength(20);
        record.Property(r => r.ExternalId).HasMaxLength(200);
        record.Property(r => r.ContentHash).HasMaxLength(64);
        record.HasIndex(r => new { r.Publisher, r.Kind, r.ExternalId }).IsUnique();
        record.HasIndex(r => r.LocalId);
    }
}
