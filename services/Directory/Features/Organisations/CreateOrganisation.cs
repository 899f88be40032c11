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
        : IOrganisationDetails, ICommand<Result>;

    public sealed record Result(Guid Id);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => Include(new OrganisationDetailsValidator<Command>());
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
