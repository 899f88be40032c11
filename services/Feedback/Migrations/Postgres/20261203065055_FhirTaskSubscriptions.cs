using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FeedbackService.Migrations.Postgres
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
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "fhir_ends_at",
                table: "webhook_subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_error",
                table: "webhook_subscriptions",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "fhir_owner_organisation_id",
                table: "webhook_subscriptions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_owner_role",
                table: "webhook_subscriptions",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_owner_team",
                table: "webhook_subscriptions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_payload_content",
                table: "webhook_subscriptions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_reason",
                table: "webhook_subscriptions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_status",
                table: "webhook_subscriptions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "fhir_task_base_url",
                table: "webhook_subscriptions",
                type: "character varying(1000)",
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
