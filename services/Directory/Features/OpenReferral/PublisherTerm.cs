using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// A taxonomy term of a publisher's own vocabulary, kept as the publisher gave it, and the hub term a curator mapped
/// it to (once for the publisher: every listing carrying it gets the hub term, now and on each later import).
/// </summary>
public sealed class PublisherTerm
{
    public Guid Id { get; private set; }
    public string Publisher { get; private set; } = "";
    public string ExternalId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Vocabulary { get; private set; }
    public string? MappedCode { get; private set; }
    public string? MappedBy { get; private set; }
    public DateTimeOffset? MappedAt { get; private set; }

    private PublisherTerm() { }

    public PublisherTerm(string publisher, IncomingTerm term)
    {
        Id = Guid.CreateVersion7();
        Publisher = publisher;
        ExternalId = term.ExternalId;
        Name = term.Name;
        Vocabulary = term.Vocabulary;
    }

    public void Rename(IncomingTerm term)
    {
        Name = term.Name;
        Vocabulary = term.Vocabulary;
    }

    /// <summary>Maps the term to a hub term code, or clears the mapping (null).</summary>
    public void MapTo(string? code, string by, DateTimeOffset at)
    {
        MappedCode = code;
        MappedBy = by;
        MappedAt = at;
    }
}

/// <summary>Which publisher terms an imported listing carries (as its last import gave them).</summary>
public sealed record ServicePublisherTerm(Guid ServiceId, Guid PublisherTermId);

internal sealed class PublisherTermConfiguration : IEntityTypeConfiguration<PublisherTerm>
{
    public void Configure(EntityTypeBuilder<PublisherTerm> term)
    {
        term.ToTable("oruk_publisher_terms");
        term.Property(t => t.Id).ValueGeneratedNever();
        term.Property(t => t.Publisher).HasMaxLength(300);
        term.Property(t => t.ExternalId).HasMaxLength(200);
        term.Property(t => t.Name).HasMaxLength(200);
        term.Property(t => t.Vocabulary).HasMaxLength(200);
        term.Property(t => t.MappedCode).HasMaxLength(100);
        term.Property(t => t.MappedBy).HasMaxLength(200);
        term.HasIndex(t => new { t.Publisher, t.ExternalId }).IsUnique();
    }
}

internal sealed class ServicePublisherTermConfiguration : IEntityTypeConfiguration<ServicePublisherTerm>
{
    public void Configure(EntityTypeBuilder<ServicePublisherTerm> link)
    {
        link.ToTable("oruk_service_publisher_terms");
        link.HasKey(l => new { l.ServiceId, l.PublisherTermId });
        link.HasIndex(l => l.PublisherTermId);
        link.HasOne<PublisherTerm>().WithMany().HasForeignKey(l => l.PublisherTermId).OnDelete(DeleteBehavior.Cascade);
    }
}
