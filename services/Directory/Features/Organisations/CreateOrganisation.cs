using BuildingBlocks.Validation;
using BuildingBlocks.Auth;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation;
using Mediator;

namespace DirectoryService.Features.Organisations;

public static class CreateOrganisation
{
    public sealed record Command(string Name, string? Description, string? Email, string? Website, string? Phone)
        : ICommand<Result>;

    public sealed record Result(Guid Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200).MustBePlainText();
            RuleFor(c => c.Description).MaximumLength(4000).MustBePlainText();
            RuleFor(c => c.Email).EmailAddress().MaximumLength(254).MustBePlainText().When(c => c.Email is not null);
            // The same rules as an update: a longer website or phone than the columns hold failed on saving (a 500).
            RuleFor(c => c.Website).Must(Rules.BeHttpUrl).WithMessage("'Website' must be an http(s) URL.").MaximumLength(500).MustBePlainText()
                .When(c => c.Website is not null);
            RuleFor(c => c.Phone).Must(Rules.BeUkPhone).WithMessage("'Phone' must be a UK phone number.").When(c => c.Phone is not null);
        }
    }

    internal sealed class Handler(DirectoryDb db) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var organisation = new Organisation(Guid.CreateVersion7(), command.Name.Trim(), command.Description,
                command.Email, command.Website, command.Phone);
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(organisation.Id);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        return Results.Created($"/api/directory/organisations/{result.Id}", result);
    }
}
