import { registerEnumType } from 'type-graphql';

export enum OrderDirection {
  ASC = 'asc',
  DESC = 'desc',
}

registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Order of a sort',
  valuesConfig: {
    ASC: { description: 'Smallest or earliest first' },
    DESC: { description: 'Largest or latest first' },
  },
});
