using BuildingBlocks.Validation;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Locations;

/// <summary>A place's own fields, as a location request or a new listing's new place carries them.</summary>
public interface IPlaceFields
{
    string Name { get; }
    string? Address1 { get; }
    string? City { get; }
    string? Postcode { get; }
    double? Latitude { get; }
    double? Longitude { get; }
    string? Ward { get; }
    IReadOnlyList<string>? Accessibility { get; }
}

/// <summary>The one set of field rules for a place, included by every request that writes one.</summary>
public sealed class PlaceValidator<T> : AbstractValidator<T> where T : IPlaceFields
{
    public PlaceValidator()
    {
        RuleFor(l => l.Name).NotEmpty().MaximumLength(200).MustBePlainText();
        RuleFor(l => l.Address1).MaximumLength(200).MustBePlainText();
        RuleFor(l => l.City).MaximumLength(100).MustBePlainText();
        RuleFor(l => l.Postcode).Must(Postcode.IsValidFormat).WithMessage("'Postcode' must be a UK postcode, e.g. PO6 3AA.")
            .When(l => l.Postcode is not null);
        RuleFor(l => l.Latitude).InclusiveBetween(-90, 90).When(l => l.Latitude is not null);
        RuleFor(l => l.Longitude).InclusiveBetween(-180, 180).When(l => l.Longitude is not null);
        RuleFor(l => l.Latitude).NotNull().WithMessage("Give both latitude and longitude, or neither.").When(l => l.Longitude is not null);
        RuleFor(l => l.Longitude).NotNull().WithMessage("Give both latitude and longitude, or neither.").When(l => l.Latitude is not null);
        RuleFor(l => l.Ward).MaximumLength(100).MustBePlainText();
        RuleFor(l => l.Accessibility).Must(a => a!.Count <= 30).WithMessage("At most 30 accessibility features.")
            .When(l => l.Accessibility is not null);
        RuleForEach(l => l.Accessibility).NotEmpty().MaximumLength(100).MustBePlainText();
    }
}

public static class Places
{
    /// <summary>
    /// A new place for <paramref name="organisationId"/> (null: shared), added to the unit of work. Missing coordinates
    /// and ward come from the gazetteer when it knows the postcode, so the place is found by distance and ward.
    /// </summary>
    public static async Task<Location> AddAsync(DirectoryDb db, Guid? organisationId, IPlaceFields fields, CancellationToken cancellationToken)
    {
        var (postcode, latitude, longitude, ward) = await LocateAsync(db, fields, cancellationToken);
        var location = new Location(Guid.CreateVersion7(), organisationId, fields.Name.Trim(), fields.Address1, fields.City,
            postcode, latitude, longitude, ward, fields.Accessibility ?? []);
        db.Locations.Add(location);
        return location;
    }

    public static async Task<(string? Postcode, double? Latitude, double? Longitude, string? Ward)> LocateAsync(DirectoryDb db,
        IPlaceFields fields, CancellationToken cancellationToken)
    {
        var postcode = fields.Postcode is null ? null : Postcode.Format(Postcode.Normalise(fields.Postcode));
        var known = postcode is null ? null
            : await db.Postcodes.AsNoTracking().SingleOrDefaultAsync(p => p.Code == Postcode.Normalise(postcode), cancellationToken);
        var (latitude, longitude) = fields.Latitude is not null ? (fields.Latitude, fields.Longitude) : (known?.Latitude, known?.Longitude);
        return (postcode, latitude, longitude, fields.Ward ?? known?.WardName);
    }
}
