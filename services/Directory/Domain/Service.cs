using Contracts.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DirectoryService.Domain;

public enum ServiceStatus { Active, Suspended, Removed }

/// <summary>An activity that people can be referred to or turn up at (ORUK "service").</summary>
public sealed class Service
{
    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Organisation Organisation { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public ServiceStatus Status { get; private set; }
    public ReferralAcceptance AcceptingReferrals { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    private Service() { }

    public Service(Guid id, Organisation organisation, string name, string? description,
        ReferralAcceptance acceptingReferrals, DateTimeOffset createdAt)
    {
        Id = id;
        OrganisationId = organisation.Id;
        Organisation = organisation;
        Name = name;
        Description = description;
        AcceptingReferrals = acceptingReferrals;
        Status = ServiceStatus.Active;
        CreatedAt = createdAt;
    }

    public ServiceListed Listed(DateTimeOffset at) => new(Id, OrganisationId, Organisation.Name, Name,
        AcceptingReferrals, AcceptsSelfReferral: false, AcceptsPractitionerReferral: true, Wards: [], at);
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> service)
    {
        service.Property(s => s.Name).HasMaxLength(200);
        service.Property(s => s.Description).HasMaxLength(4000);
        service.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        service.Property(s => s.AcceptingReferrals).HasConversion<string>().HasMaxLength(20);
        service.HasOne(s => s.Organisation).WithMany().HasForeignKey(s => s.OrganisationId);
    }
}
