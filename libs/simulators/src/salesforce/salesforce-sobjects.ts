import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyObject, routeKey } from '../common/simulator-server';
import type { ObjectSpec } from './salesforce-org';
import { fail, notFound, renderRecord, versionOf, type ErrorEntry, type SalesforceRoutes } from './salesforce-routes';

/** sObjects: describe, create, read (with `fields`), update, delete (soft: `IsDeleted`). */
export function registerSObjectRoutes(api: FastifyInstance, { org, writes }: SalesforceRoutes): void {
  const objectOf = (request: FastifyRequest) => org.object((request.params as { type: string }).type);

  api.get('/sobjects/:type/describe', async (request, reply) => {
    const spec = objectOf(request);
    if (!spec) return notFound(reply);
    const version = versionOf(request);
    return {
      name: spec.name,
      label: spec.label,
      labelPlural: spec.labelPlural,
      keyPrefix: spec.keyPrefix,
      custom: false,
      createable: true,
      updateable: true,
      deletable: true,
      queryable: true,
      fields: spec.fields.map((field) => ({
        name: field.name,
        type: field.type,
        label: field.label,
        length: field.length ?? 0,
        nillable: !field.required,
        createable: !field.readOnly,
        updateable: !field.readOnly,
        defaultValue: null,
        referenceTo: field.referenceTo ? [field.referenceTo] : [],
      })),
      urls: {
        sobject: `/services/data/${version}/sobjects/${spec.name}`,
        describe: `/services/data/${version}/sobjects/${spec.name}/describe`,
        rowTemplate: `/services/data/${version}/sobjects/${spec.name}/{ID}`,
      },
      childRelationships: [],
    };
  });

  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const spec = objectOf(request);
    if (!spec) return notFound(reply);
    const body = bodyObject(request.body);
    if (Object.keys(body).some((key) => key.toLowerCase() === 'id')) {
      return fail(reply, 400, { errorCode: 'INVALID_FIELD', message: 'The Id field should not be specified in the sobject data.', fields: [] });
    }
    const checked = validateFields(spec, body, 'create');
    if ('error' in checked) return fail(reply, 400, checked.error);
    const record = org.insert(spec, checked.values);
    // One key for both trailing-slash forms of the route.
    writes.record(routeKey(request).replace(/\/$/, ''));
    return reply.code(201).send({ id: record.Id, success: true, errors: [] });
  };
  api.post('/sobjects/:type', create);
  api.post('/sobjects/:type/', create);

  api.get('/sobjects/:type/:id', async (request, reply) => {
    const spec = objectOf(request);
    const record = spec && org.find(spec, (request.params as { id: string }).id);
    if (!spec || !record || record['IsDeleted']) return notFound(reply);
    const requested = (request.query as Record<string, string | undefined>)['fields'];
    let names = spec.fields.map((field) => field.name);
    if (requested) {
      names = [];
      for (const name of requested.split(',').map((entry) => entry.trim())) {
        const field = org.field(spec, name);
        if (!field) return fail(reply, 400, { errorCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type ${spec.name}` });
        names.push(field.name);
      }
      if (!names.includes('Id')) names.push('Id');
    }
    return renderRecord(spec, record, names, versionOf(request));
  });

  api.patch('/sobjects/:type/:id', async (request, reply) => {
    const spec = objectOf(request);
    const record = spec && org.find(spec, (request.params as { id: string }).id);
    if (!spec || !record) return notFound(reply);
    if (record['IsDeleted']) return fail(reply, 404, { errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] });
    const checked = validateFields(spec, bodyObject(request.body), 'update');
    if ('error' in checked) return fail(reply, 400, checked.error);
    Object.assign(record, checked.values);
    org.touch(record);
    writes.record(routeKey(request));
    return reply.code(204).send();
  });

  api.delete('/sobjects/:type/:id', async (request, reply) => {
    const spec = objectOf(request);
    const record = spec && org.find(spec, (request.params as { id: string }).id);
    if (!spec || !record) return notFound(reply);
    if (record['IsDeleted']) return fail(reply, 404, { errorCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] });
    record['IsDeleted'] = true;
    org.touch(record);
    writes.record(routeKey(request));
    return reply.code(204).send();
  });

  function validateFields(
    spec: ObjectSpec,
    body: Record<string, unknown>,
    mode: 'create' | 'update',
  ): { values: Record<string, unknown> } | { error: ErrorEntry } {
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(body)) {
      const field = org.field(spec, name);
      if (!field) return { error: { errorCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type ${spec.name}`, fields: [] } };
      if (field.readOnly) {
        return {
          error: {
            errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
            message: `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
            fields: [field.name],
          },
        };
      }
      if (field.type === 'email' && value !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(value))) {
        return { error: { errorCode: 'INVALID_EMAIL_ADDRESS', message: `${field.label}: invalid email address: ${String(value)}`, fields: [field.name] } };
      }
      values[field.name] = value;
    }
    const missing = spec.fields.filter(
      (field) =>
        field.required &&
        (mode === 'create' ? values[field.name] === undefined || values[field.name] === null : values[field.name] === null && field.name in values),
    );
    if (missing.length > 0) {
      return {
        error: {
          errorCode: 'REQUIRED_FIELD_MISSING',
          message: `Required fields are missing: [${missing.map((field) => field.name).join(', ')}]`,
          fields: missing.map((field) => field.name),
        },
      };
    }
    return { values };
  }
}
