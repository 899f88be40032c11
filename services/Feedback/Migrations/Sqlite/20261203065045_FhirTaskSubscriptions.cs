using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FhirTaskSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "fhir_criteria",
                table: "webhook_subscriptions",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "fhir_ends_at",
                table: "webhook_subscriptions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_error",
                table: "webhook_subscriptions",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "fhir_owner_organisation_id",
                table: "webhook_subscriptions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_owner_role",
                table: "webhook_subscriptions",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_owner_team",
                table: "webhook_subscriptions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_payload_content",
                table: "webhook_subscriptions",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_reason",
                table: "webhook_subscriptions",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_status",
                table: "webhook_subscriptions",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_task_base_url",
                table: "webhook_subscriptions",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_subscriptions_fhir_status",
                table: "webhook_subscriptions",
                column: "fhir_status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_subscriptions_fhir_status",
                table: "webhook_subscriptions");

            migrationBuilder.DropColumn(
                name: "fhir_criteria",
                table: "webhook_subscriptions");

            migrationBuilder.DropColumn(
                name: "fhir_ends_at",
                table: "webhook_subscriptions");

            migrationBuilder.DropColumn(
                name: "fhir_error",
                table: "webhook_subscriptions");

            migrationBuilder.DropColumn(
                name: "fhir_owner_organisation_id",
                table: "webhook_subscriptions");

            migrationBuilder.DropColumn(
                name: "fhir_owner_role",
                table: "webhook_subscriptions");

            migrationBuilder.DropColumn(
                name: "fhir_owner_team",
                table: "webhook_subscriptions");

            migrationBuilder.DropColumn(
                name: "fhir_payload_content",
                table: "webhook_subscriptions");

            migrationBuilder.DropColumn(
                name: "fhir_reason",
                table: "webhook_subscriptions");

            migrationBuilder.DropColumn(
                name: "fhir_status",
                table: "webhook_subscriptions");

            migrationBuilder.DropColumn(
                name: "fhir_task_base_url",
                table: "webhook_subscriptions");
        }
    }
}
