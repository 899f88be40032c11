using BuildingBlocks.Validation;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Crisis;

/// <summary>Which listings a crisis action covers: those in a ward, with a taxonomy term (both: both), or all.</summary>
public sealed record CrisisSelection(string? Ward, string? TaxonomyTerm, bool All)
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
        return services;
    }
}

/// <summary>The selectors a crisis command carries.</summary>
public interface ICrisisSelector
{
    string? Ward { get; }
    string? TaxonomyTerm { get; }
    bool All { get; }
}

public static class CrisisSelectionRules
{
    /// <summary>A selector is required, and "all" stands alone, so a forgotten field never suspends everything.</summary>
    public static void AddSelectionRules<T>(this AbstractValidator<T> validator) where T : ICrisisSelector
    {
        validator.RuleFor(c => c.All).Equal(true).WithMessage("Choose a ward, a taxonomy term, or all.")
            .When(c => string.IsNullOrWhiteSpace(c.Ward) && string.IsNullOrWhiteSpace(c.TaxonomyTerm));
        validator.RuleFor(c => c.All).Equal(false).WithMessage("'all' cannot be combined with a ward or a taxonomy term.")
            .When(c => !string.IsNullOrWhiteSpace(c.Ward) || !string.IsNullOrWhiteSpace(c.TaxonomyTerm));
        validator.RuleFor(c => c.Ward).MaximumLength(100).MustBePlainText();
        validator.RuleFor(c => c.TaxonomyTerm).MaximumLength(100).MustBePlainText();
    }
}
