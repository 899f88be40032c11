using BuildingBlocks.Validation;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Crisis;

/// <summary>
/// Which listings a crisis action covers: those in a ward, with a taxonomy term, of an organisation (several given:
/// all of them must hold), or everything in the area.
/// </summary>
public sealed record CrisisSelection(string? Ward, string? TaxonomyTerm, bool All, Guid? OrganisationId = null)
{
    public IQueryable<Service> Apply(DirectoryDb db, ServiceStatus status)
    {
        var services = db.Services.Include(s => s.Organisation).Where(s => s.Status == status);
        if (All) return services;
        if (!string.IsNullOrWhiteSpace(Ward))
        {
            var ward = Ward.Trim().ToLower();
            var locationIds = db.Locations.Where(l => l.Ward != null && l.Ward.ToLower() == ward).Select(l => l.Id);
            services = services.Where(s => s.Locations.Any(sl => locationIds.Contains(sl.LocationId)));
        }
        if (!string.IsNullOrWhiteSpace(TaxonomyTerm))
        {
            var code = TaxonomyTerm.Trim();
            services = services.Where(s => s.Terms.Any(t => t.TermCode == code));
        }
        if (OrganisationId is { } organisationId) services = services.Where(s => s.OrganisationId == organisationId);
        return services;
    }

    /// <summary>The selection in words, for the banner and the history ("Cosham ward, Lunch clubs").</summary>
    public async Task<string> DescribeAsync(DirectoryDb db, CancellationToken ct)
    {
        if (All) return "Everything in the area";
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Ward)) parts.Add($"{Ward.Trim()} ward");
        if (!string.IsNullOrWhiteSpace(TaxonomyTerm))
        {
            var code = TaxonomyTerm.Trim();
            parts.Add(await db.TaxonomyTerms.Where(t => t.Code == code).Select(t => t.Name).SingleOrDefaultAsync(ct) ?? code);
        }
        if (OrganisationId is { } id)
            parts.Add(await db.Organisations.Where(o => o.Id == id).Select(o => o.Name).SingleOrDefaultAsync(ct) ?? "one organisation");
        return string.Join(", ", parts);
    }
}

/// <summary>The selectors a crisis command carries.</summary>
public interface ICrisisSelector
{
    string? Ward { get; }
    string? TaxonomyTerm { get; }
    bool All { get; }
    Guid? OrganisationId { get; }
}

public static class CrisisSelectionRules
{
    /// <summary>A selector is required, and "all" stands alone, so a forgotten field never suspends everything.</summary>
    public static void AddSelectionRules<T>(this AbstractValidator<T> validator) where T : ICrisisSelector
    {
        validator.RuleFor(c => c.All).Equal(true).WithMessage("Choose a ward, a taxonomy term, an organisation, or all.")
            .When(c => string.IsNullOrWhiteSpace(c.Ward) && string.IsNullOrWhiteSpace(c.TaxonomyTerm) && c.OrganisationId is null);
        validator.RuleFor(c => c.All).Equal(false).WithMessage("'all' cannot be combined with a ward, a taxonomy term or an organisation.")
            .When(c => !string.IsNullOrWhiteSpace(c.Ward) || !string.IsNullOrWhiteSpace(c.TaxonomyTerm) || c.OrganisationId is not null);
        validator.RuleFor(c => c.Ward).MaximumLength(100).MustBePlainText();
        validator.RuleFor(c => c.TaxonomyTerm).MaximumLength(100).MustBePlainText();
        validator.RuleFor(c => c.OrganisationId).NotEqual(Guid.Empty);
    }
}
